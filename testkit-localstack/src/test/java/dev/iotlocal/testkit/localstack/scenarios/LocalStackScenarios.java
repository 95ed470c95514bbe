package dev.iotlocal.testkit.localstack.scenarios;

import dev.iotlocal.testkit.IotLocalExtension;
import dev.iotlocal.testkit.IotLocalRuntime;
import dev.iotlocal.testkit.localstack.LocalStackAwsApi;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Test classes with the LocalStack backend, run by this module's tests with JUnit's EngineTestKit. Not run by the build directly. */
public final class LocalStackScenarios {

    /** The tests that ran, for the tests that run these classes. */
    public static final List<String> RAN = new CopyOnWriteArrayList<>();

    private LocalStackScenarios() {}

    /** Would start LocalStack; where no Docker engine runs it must be skipped before anything starts. */
    public static class UsesLocalStack {
        @RegisterExtension
        static final IotLocalExtension iot = IotLocalExtension.builder()
                .awsApi(LocalStackAwsApi.builder("localstack/localstack-pro:latest")
                        .authToken("not-a-real-token")
                        .authFunction(Path.of("no-such-auth-function.zip"), "python3.12", "auth.handler")
                        .build())
                .build();

        @Test
        void wouldRunTheSeedFlow(IotLocalRuntime runtime) {
            RAN.add("wouldRunTheSeedFlow");
        }
    }
}
