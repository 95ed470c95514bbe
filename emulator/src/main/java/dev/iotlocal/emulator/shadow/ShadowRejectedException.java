package dev.iotlocal.emulator.shadow;

/**
 * The Device Shadow service refused a request made through {@link DeviceShadows}, with the code and message AWS IoT
 * answers on the {@code rejected} topic (such as 404 {@code No shadow exists with name: 'pump-7'} or 409
 * {@code Version conflict}).
 */
public final class ShadowRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int code;

    public ShadowRejectedException(int code, String message) {
        super(message);
        this.code = code;
    }

    /** AWS IoT's error code: 400, 404, 409, 413, 415, 429 or 500. */
    public int code() {
        return code;
    }

    @Override
    public String toString() {
        return "ShadowRejectedException: " + code + " " + getMessage();
    }
}
