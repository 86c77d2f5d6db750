package io.synod.app.gateway;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 over {@code timestamp + "." + body}, sent as {@code X-Synod-Signature: sha256=HEX}
 * beside {@code X-Synod-Timestamp}. Signing the timestamp too lets a receiver refuse an old
 * delivery replayed later; the receiver recomputes the same HMAC over the raw body bytes.
 */
public final class WebhookSigner {
    public static final String SIGNATURE_HEADER = "X-Synod-Signature";
    public static final String TIMESTAMP_HEADER = "X-Synod-Timestamp";
    public static final String DELIVERY_HEADER = "X-Synod-Delivery";
    private static final String PREFIX = "sha256=";

    private WebhookSigner() {
    }

    public static String sign(String secret, long timestampMs, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(Long.toString(timestampMs).getBytes(StandardCharsets.UTF_8));
            mac.update((byte) '.');
            return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Constant-time check of a received signature header. */
    public static boolean verify(String secret, long timestampMs, byte[] body, String header) {
        if (header == null) {
            return false;
        }
        return MessageDigest.isEqual(sign(secret, timestampMs, body).getBytes(StandardCharsets.US_ASCII),
                header.trim().getBytes(StandardCharsets.US_ASCII));
    }
}
