package io.minetwin.engine.notify;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a webhook delivery. The sender puts the Unix time in seconds in {@value #TIMESTAMP_HEADER} and
 * {@code sha256=<hex>} in {@value #SIGNATURE_HEADER}, where hex is the lower-case HMAC-SHA256, keyed with the
 * channel's secret, of the timestamp's decimal digits, a full stop and the exact bytes of the body:
 * {@code HMAC(secret, "<timestamp>." + body)}. Signing the timestamp with the body lets a receiver refuse a
 * captured delivery replayed later: it recomputes the HMAC, compares in constant time, and refuses a timestamp
 * further than a few minutes from its own clock.
 */
public final class WebhookSignature {

    /** The header carrying {@code sha256=<hex>}. */
    public static final String SIGNATURE_HEADER = "X-Minetwin-Signature";
    /** The header carrying the Unix time in seconds at which the attempt was signed. */
    public static final String TIMESTAMP_HEADER = "X-Minetwin-Timestamp";
    /** The header carrying the notification's id, the same on every attempt and channel. */
    public static final String DELIVERY_HEADER = "X-Minetwin-Delivery";
    /** The header carrying the attempt number, 1 for the first. */
    public static final String ATTEMPT_HEADER = "X-Minetwin-Attempt";

    private WebhookSignature() {
    }

    /** {@code sha256=<hex>} of {@code body} sent at {@code epochSecond}. */
    public static String sign(byte[] secret, long epochSecond, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((epochSecond + ".").getBytes(StandardCharsets.US_ASCII));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }

    /** Whether {@code signature} (the header's value) is that of {@code body} at {@code epochSecond}. */
    public static boolean verify(byte[] secret, long epochSecond, byte[] body, String signature) {
        return signature != null && MessageDigest.isEqual(sign(secret, epochSecond, body)
                .getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII));
    }
}
