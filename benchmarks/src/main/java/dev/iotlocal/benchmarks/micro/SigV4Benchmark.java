package dev.iotlocal.benchmarks.micro;

import dev.iotlocal.emulator.internal.sigv4.CredentialLookup;
import dev.iotlocal.emulator.internal.sigv4.Expectations;
import dev.iotlocal.emulator.internal.sigv4.IssuedSecret;
import dev.iotlocal.emulator.internal.sigv4.SigV4Verifier;
import dev.iotlocal.emulator.internal.sigv4.SignedRequest;
import dev.iotlocal.emulator.internal.sigv4.Verification;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What the WSS door does for every upgrade: verify the SigV4 query of a WebSocket handshake captured from the AWS
 * IoT Device SDK v2 (aws-crt 0.43.6), with the verifier's clock fixed at the signing time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SigV4Benchmark {

    private static final String QUERY = "X-Amz-Algorithm=AWS4-HMAC-SHA256"
            + "&X-Amz-Credential=ASIAEXAMPLE%2F20261127%2Fus-east-1%2Fiotdevicegateway%2Faws4_request"
            + "&X-Amz-Date=20261127T091418Z&X-Amz-SignedHeaders=connection%3Bhost&X-Amz-Security-Token=tok%2Fen%2B%3D"
            + "&X-Amz-Signature=acccdaebe2175da9d4a0beffd4a15fae48a07aafd84d215b496828452fef3634";

    private SigV4Verifier verifier;
    private SignedRequest request;
    private Expectations expectations;
    private CredentialLookup credentials;

    @Setup
    public void setUp() {
        verifier = new SigV4Verifier(Clock.fixed(Instant.parse("2026-11-27T09:14:18Z"), ZoneOffset.UTC));
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Host", List.of("localhost"));
        headers.put("Upgrade", List.of("websocket"));
        headers.put("Connection", List.of("Upgrade"));
        headers.put("Sec-WebSocket-Key", List.of("WqOSDcJO3L47Z7PlLfPuLA=="));
        headers.put("Sec-WebSocket-Version", List.of("13"));
        headers.put("Sec-WebSocket-Protocol", List.of("mqtt"));
        request = new SignedRequest("GET", "/mqtt", QUERY, headers, null);
        expectations = Expectations.awsIot("us-east-1");
        IssuedSecret secret = new IssuedSecret("secret", "tok/en+=", null);
        credentials = accessKeyId -> accessKeyId.equals("ASIAEXAMPLE") ? Optional.of(secret) : Optional.empty();
        // measure the path a real handshake takes, not a refusal
        if (!(verifyIotHandshake() instanceof Verification.Verified)) {
            throw new IllegalStateException("The captured handshake does not verify: " + verifyIotHandshake());
        }
    }

    @Benchmark
    public Verification verifyIotHandshake() {
        return verifier.verifyQuery(request, expectations, credentials);
    }
}
