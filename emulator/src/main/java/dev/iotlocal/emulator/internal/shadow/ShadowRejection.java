package dev.iotlocal.emulator.internal.shadow;

/**
 * The Device Shadow service's refusal of a request: AWS IoT's numeric code and exact message (the {@code rejected}
 * topic's {@code code} and {@code message}, the HTTP status), and for the log what the client should change.
 */
public final class ShadowRejection extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int code;
    private final String hint;

    /**
     * @param message AWS IoT's message, exactly as it answers it
     * @param hint    what was wrong and what to change, for the log (not sent to the client), or null
     */
    public ShadowRejection(int code, String message, String hint) {
        super(message, null, false, false);
        this.code = code;
        this.hint = hint;
    }

    public int code() {
        return code;
    }

    /** AWS IoT's message. */
    public String message() {
        return getMessage();
    }

    /** The log line's explanation. */
    public String explanation() {
        return hint == null ? getMessage() : getMessage() + " (" + hint + ")";
    }
}
