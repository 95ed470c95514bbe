package dev.iotlocal.emulator.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import software.amazon.awssdk.services.iot.model.IotException;

/** A refusal of the AWS IoT control plane as {@code IotClient} reports it: the modelled exception, its HTTP status and error code. */
public final class IotRefusals {

    private IotRefusals() {}

    /**
     * Runs {@code call}, which must fail with {@code type} at {@code status}, the error code being the shape's name.
     *
     * @return the refusal, for its message and members
     */
    public static <T extends IotException> T refused(Class<T> type, int status, ThrowingCallable call) {
        T refusal = catchThrowableOfType(type, call);
        assertThat(refusal).as("the SDK's " + type.getSimpleName()).isNotNull();
        assertThat(refusal.statusCode()).as("HTTP status").isEqualTo(status);
        assertThat(refusal.awsErrorDetails().errorCode()).isEqualTo(type.getSimpleName());
        return refusal;
    }

    /** The refusal's message as AWS sent it. */
    public static String message(IotException refusal) {
        return refusal.awsErrorDetails().errorMessage();
    }
}
