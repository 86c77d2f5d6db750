package io.synod.serde;

import org.apache.avro.Schema;

/** Maps writer schemas to the 4-byte ids of the Confluent wire format and back. */
public interface SchemaResolver {

    /** The id under which {@code schema} is known for {@code subject}, registering it if needed. */
    int idFor(String subject, Schema schema);

    /** The writer schema for an id read off the wire. */
    Schema schemaFor(int id);
}
