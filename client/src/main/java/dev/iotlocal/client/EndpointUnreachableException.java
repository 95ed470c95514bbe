package dev.iotlocal.client;

/** An endpoint could not be reached: unknown host, connection refused or timed out. */
public final class EndpointUnreachableException extends IotClientException {

    private static final long serialVersionUID = 1L;

    public EndpointUnreachableException(Step step, String message, Throwable cause) {
        super(step, message, cause);
    }
}
