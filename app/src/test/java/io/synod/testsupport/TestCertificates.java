package io.synod.testsupport;

import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority for TLS tests: one self-signed CA, and certificates it signs
 * for loopback servers and clients, written as PKCS12 stores (Kafka) and PEM files (PostgreSQL).
 */
public final class TestCertificates {
    public static final String PASSWORD = "changeit-" + Long.toHexString(System.nanoTime());

    private final Path dir;
    private final KeyPair caKeys;
    private final X509Certificate ca;

    private TestCertificates(Path dir) throws Exception {
        this.dir = dir;
        caKeys = rsa();
        ca = sign("CN=Synod test CA", caKeys, "CN=Synod test CA", caKeys, true);
    }

    public static TestCertificates create(Path dir) throws Exception {
        return new TestCertificates(dir);
    }

    /** A truststore holding the CA, for clients. */
    public Path truststore() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("synod-test-ca", ca);
        return save(store, "truststore.p12");
    }

    /** A keystore with a certificate for {@code name}, valid for 127.0.0.1 and localhost, signed by the CA. */
    public Path keystore(String name) throws Exception {
        KeyPair keys = rsa();
        X509Certificate certificate = sign("CN=" + name, keys, "CN=Synod test CA", caKeys, false);
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(name, keys.getPrivate(), PASSWORD.toCharArray(), new X509Certificate[] {certificate, ca});
        return save(store, name + ".p12");
    }

    /** PEM files for a server: {@code [certificate, private key, CA certificate]}, the key readable by its owner only. */
    public Path[] pem(String name) throws Exception {
        KeyPair keys = rsa();
        X509Certificate certificate = sign("CN=" + name, keys, "CN=Synod test CA", caKeys, false);
        Path cert = write(name + ".crt", certificate);
        Path key = write(name + ".key", keys.getPrivate());
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        return new Path[] {cert, key, write("ca.crt", ca)};
    }

    private Path save(KeyStore store, String file) throws Exception {
        Path path = dir.resolve(file);
        try (OutputStream out = Files.newOutputStream(path)) {
            store.store(out, PASSWORD.toCharArray());
        }
        return path;
    }

    private Path write(String file, Object pemObject) throws Exception {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(pemObject);
        }
        Path path = dir.resolve(file);
        Files.writeString(path, text.toString());
        return path;
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys, boolean isCa) throws Exception {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer), BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(2))), new X500Name(subject), subjectKeys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        if (!isCa) {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
        }
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKeys.getPrivate())));
    }
}
