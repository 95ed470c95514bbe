package dev.iotlocal.testkit.internal;

import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentity.CognitoIdentityClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Loads what a test's first client needs (the aws-crt native library, the AWS SDK's Cognito Identity and
 * Lambda clients) on a thread of its own while the emulator starts, so that the first test does not pay for
 * it afterwards. Builds clients and closes them unused: no request is made, nothing is left open.
 */
final class ClientWarmUp {

    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private ClientWarmUp() {}

    /** Once per JVM: later emulators of a run find everything loaded already. */
    static void startInBackground() {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread thread = new Thread(ClientWarmUp::warm, "iot-local-client-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    private static void warm() {
        try {
            // class initialisation loads and initialises the native library; it holds no resource to close
            Class.forName("software.amazon.awssdk.crt.CRT", true, ClientWarmUp.class.getClassLoader());
            URI nowhere = URI.create("http://127.0.0.1:9");
            try (CognitoIdentityClient cognito = CognitoIdentityClient.builder().region(Region.US_EAST_1).endpointOverride(nowhere)
                         .credentialsProvider(AnonymousCredentialsProvider.create()).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
                 LambdaClient lambda = LambdaClient.builder().region(Region.US_EAST_1).endpointOverride(nowhere)
                         .credentialsProvider(AnonymousCredentialsProvider.create()).httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
                // built and closed: the classes are loaded
            }
        } catch (Exception | LinkageError e) {
            // only a warm-up: the first test loads what it needs itself
        }
    }
}
