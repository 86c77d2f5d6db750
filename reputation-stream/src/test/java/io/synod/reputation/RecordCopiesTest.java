package io.synod.reputation;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.schemas.Reputation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;

class RecordCopiesTest {

    /** A value for every field, none of them what a new record holds (null, 0, false), walking the schema itself. */
    private static Object valueFor(Schema schema, int seed) {
        return switch (schema.getType()) {
            case STRING -> "v" + seed;
            case DOUBLE -> seed + 0.5;
            case LONG -> seed + 1L;
            case INT -> seed + 1;
            case BOOLEAN -> true;
            case MAP -> new HashMap<>(Map.of("k" + seed, valueFor(schema.getValueType(), seed + 1)));
            case ARRAY -> new ArrayList<>(List.of(valueFor(schema.getElementType(), seed), valueFor(schema.getElementType(), seed + 1)));
            case UNION -> valueFor(schema.getTypes().stream().filter(type -> type.getType() != Schema.Type.NULL).findFirst().orElseThrow(), seed);
            case RECORD -> filled(schema, seed * 100);
            default -> throw new AssertionError("no test value for " + schema);
        };
    }

    private static SpecificRecordBase filled(Schema schema, int seed) {
        SpecificRecordBase record = (SpecificRecordBase) SpecificData.get().newRecord(null, schema);
        for (Schema.Field field : schema.getFields()) {
            record.put(field.pos(), valueFor(field.schema(), seed + field.pos()));
        }
        return record;
    }

    @Test
    void shouldCopyEveryFieldOfAReputationAndItsProfile() {
        Reputation original = (Reputation) filled(Reputation.getClassSchema(), 1);

        Reputation copy = RecordCopies.copy(original);

        // A field missing from the copier stays null or zero in the copy, and the records differ.
        assertThat(copy).isEqualTo(original).isNotSameAs(original);
        assertThat(copy.getProfile()).isEqualTo(original.getProfile()).isNotSameAs(original.getProfile());
    }

    @Test
    void shouldGiveTheCopyMapsAndListsOfItsOwn() {
        Reputation original = (Reputation) filled(Reputation.getClassSchema(), 1);
        Reputation before = Reputation.newBuilder(original).build();

        Reputation copy = RecordCopies.copy(original);
        copy.getConfusion().put("x", 9.0);
        copy.getRowTotals().clear();
        copy.getEchoes().add("another");
        copy.getProfile().getRecentChance().add(0, 0.25);
        copy.getProfile().getJustificationPrints().clear();
        copy.getProfile().getRecentOutcomes().add(7L);
        copy.getProfile().getChoiceCounts().merge("approve", 1L, Long::sum);
        copy.getProfile().getReasonCounts().clear();
        copy.getProfile().setDecisionVotes(1_000);

        assertThat(original).isEqualTo(before);
    }

    @Test
    void shouldCopyAReputationFromBeforeProfilesExisted() {
        Reputation original = (Reputation) filled(Reputation.getClassSchema(), 1);
        original.setProfile(null);

        assertThat(RecordCopies.copy(original)).isEqualTo(original);
        assertThat(RecordCopies.copy((Reputation) null)).isNull();
    }
}
