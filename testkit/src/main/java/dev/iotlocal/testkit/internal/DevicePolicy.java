package dev.iotlocal.testkit.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iotlocal.testkit.Device;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.GetPolicyResponse;
import software.amazon.awssdk.services.iot.model.IotException;
import software.amazon.awssdk.services.iot.model.Policy;
import software.amazon.awssdk.services.iot.model.PolicyVersion;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;

/**
 * The policy a {@link Device#policy()} names, put in place through AWS IoT's control plane as a user's own set-up
 * would do it: the account then lists it, its versions and its attachment like any other. Immutable.
 *
 * @param name     the policy's name, {@code <thing>-policy}
 * @param document the policy document
 */
record DevicePolicy(String name, String document) {

    /** AWS IoT keeps at most five versions of a policy. */
    private static final int MAX_VERSIONS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The policy of {@code device}: its document inline (a value starting with <code>{</code>) or read from the
     * class-path resource it names.
     */
    static DevicePolicy of(Device device, ClassLoader classLoader) {
        String policy = device.policy().strip();
        String document = policy.startsWith("{") ? policy : resource(device, policy, classLoader);
        // thing names may hold ':', policy names may not
        return new DevicePolicy(device.value().replace(':', '_') + "-policy", document);
    }

    private static String resource(Device device, String name, ClassLoader classLoader) {
        String path = name.startsWith("/") ? name.substring(1) : name;
        try (InputStream in = classLoader.getResourceAsStream(path)) {
            if (in == null) {
                throw new ParameterResolutionException("@Device(\"" + device.value() + "\") names the policy '" + name
                        + "': no resource of that name is on the test's class path, and it is no JSON document either (it does not start with '{')");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the policy resource '" + name + "'", e);
        }
    }

    /**
     * Creates the policy, or gives it the document as its new default version, then makes it the only policy
     * attached to the certificate.
     */
    void applyExactlyTo(String certificateArn, IotClient iot) {
        try {
            putInPlace(iot);
            List<Policy> attached = iot.listAttachedPoliciesPaginator(b -> b.target(certificateArn)).policies().stream().toList();
            for (Policy other : attached) {
                if (!other.policyName().equals(name)) {
                    iot.detachPolicy(b -> b.policyName(other.policyName()).target(certificateArn));
                }
            }
            iot.attachPolicy(b -> b.policyName(name).target(certificateArn));
        } catch (IotException e) {
            // MalformedPolicyException and the like: the control plane says what is wrong with the document
            throw new ParameterResolutionException("Cannot give the device the policy " + name + ": "
                    + e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage(), e);
        }
    }

    private void putInPlace(IotClient iot) {
        GetPolicyResponse existing;
        try {
            existing = iot.getPolicy(b -> b.policyName(name));
        } catch (ResourceNotFoundException absent) {
            iot.createPolicy(b -> b.policyName(name).policyDocument(document));
            return;
        }
        if (sameJson(existing.policyDocument(), document)) {
            return;
        }
        List<PolicyVersion> versions = iot.listPolicyVersions(b -> b.policyName(name)).policyVersions();
        if (versions.size() >= MAX_VERSIONS) {
            // as the emulator does with its own default policy: the oldest version that is not the default goes
            versions.stream().filter(version -> !version.isDefaultVersion())
                    .min(Comparator.comparingInt(version -> Integer.parseInt(version.versionId())))
                    .ifPresent(oldest -> iot.deletePolicyVersion(b -> b.policyName(name).policyVersionId(oldest.versionId())));
        }
        iot.createPolicyVersion(b -> b.policyName(name).policyDocument(document).setAsDefault(true));
    }

    private static boolean sameJson(String one, String other) {
        try {
            return JSON.readTree(one).equals(JSON.readTree(other));
        } catch (JsonProcessingException notJson) {
            return false;
        }
    }
}
