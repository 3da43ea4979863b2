package io.minetwin.model;

/**
 * How far a value can be trusted, in the three levels of OPC UA status codes.
 *
 * <p>The {@link #code()} is stored with every sample in history and must not change.
 */
public enum QualityLevel {
    GOOD(0), UNCERTAIN(1), BAD(2);

    private final int code;

    QualityLevel(int code) {
        this.code = code;
    }

    /** The stable code stored on disk. */
    public int code() {
        return code;
    }

    /** The level stored as {@code code}. */
    public static QualityLevel ofCode(int code) {
        return switch (code) {
            case 0 -> GOOD;
            case 1 -> UNCERTAIN;
            case 2 -> BAD;
            default -> throw new IllegalArgumentException("unknown quality code " + code + " (expected 0, 1 or 2)");
        };
    }

    /** Parses {@code good}, {@code uncertain} or {@code bad}, ignoring case. */
    public static QualityLevel parse(String text) {
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "good" -> GOOD;
            case "uncertain" -> UNCERTAIN;
            case "bad" -> BAD;
            default -> throw new IllegalArgumentException("quality '" + text
                    + "' is not one of good, uncertain, bad");
        };
    }
}
