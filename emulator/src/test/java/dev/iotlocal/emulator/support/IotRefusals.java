package dev.iotlocal.emulator.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import software.amazon.awssdk.services.iot.model.IotException;

/**
 * A refusal of the AWS IoT control plane as {@code IotClient} reports it: the exception, its HTTP status, its error
 * code ({@code x-amzn-ErrorType}) and its message. Every assertion here checks all four, so no refusal can be
 * asserted without the message a user reads.
 */
public final class IotRefusals {

    private IotRefusals() {}

    /**
     * Runs {@code call}, which must fail with {@code type} at {@code status}, the error code being the shape's name and
     * the message exactly {@code message}.
     *
     * @return the refusal, for its further members ({@code resourceId}, {@code resourceArn})
     */
    public static <T extends IotException> T refused(Class<T> type, int status, String message, ThrowingCallable call) {
        T refusal = refusal(type, type.getSimpleName(), status, call);
        assertThat(refusal.awsErrorDetails().errorMessage()).as("message").isEqualTo(message);
        return refusal;
    }

    /**
     * As {@link #refused}, for a message of which only the start is fixed: what follows it is a parser's own detail
     * (a policy document's, a PEM's) that AWS does not document either.
     */
    public static <T extends IotException> T refusedStartingWith(Class<T> type, int status, String messageStart, ThrowingCallable call) {
        T refusal = refusal(type, type.getSimpleName(), status, call);
        assertThat(refusal.awsErrorDetails().errorMessage()).as("message").startsWith(messageStart);
        return refusal;
    }

    /**
     * Runs {@code call}, which must fail with an error the IoT service model does not declare (the AWS API's own, such
     * as a refused signature): the SDK reports it as a plain {@link IotException} that carries the error code.
     *
     * @param messageStart the message, or its start where AWS appends the details of the request (a signature's
     *                     canonical request)
     */
    public static IotException refusedAs(String errorCode, int status, String messageStart, ThrowingCallable call) {
        IotException refusal = refusal(IotException.class, errorCode, status, call);
        assertThat(refusal.awsErrorDetails().errorMessage()).as("message").startsWith(messageStart);
        return refusal;
    }

    /** The message of AWS's request validation for one member that breaks one constraint of the service model. */
    public static String validationError(String value, String member, String constraint) {
        return "1 validation error detected: Value '" + value + "' at '" + member + "' failed to satisfy constraint: " + constraint;
    }

    private static <T extends IotException> T refusal(Class<T> type, String errorCode, int status, ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as("the SDK's " + type.getSimpleName()).isInstanceOf(type);
        T refusal = type.cast(thrown);
        assertThat(refusal.statusCode()).as("HTTP status").isEqualTo(status);
        assertThat(refusal.awsErrorDetails().errorCode()).as("error code").isEqualTo(errorCode);
        return refusal;
    }
}
