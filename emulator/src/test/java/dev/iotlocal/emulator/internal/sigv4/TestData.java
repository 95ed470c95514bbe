package dev.iotlocal.emulator.internal.sigv4;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Reads the SigV4 test data from the test classpath; a missing file fails the test, it never skips it. */
final class TestData {

    static final String SUITE = "sigv4/sigv4-test-suite";
    static final String IOT_HANDSHAKES = "sigv4/iot-websocket-handshakes.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestData() {
    }

    static byte[] bytes(String resource) {
        try (InputStream in = TestData.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return fail("missing test resource '%s': copy the SigV4 test data into src/test/resources/sigv4/",
                        resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String resource) {
        return new String(bytes(resource), StandardCharsets.UTF_8);
    }

    static JsonNode json(String resource) {
        try {
            return JSON.readTree(bytes(resource));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names of the sub-directories of a resource directory, sorted. */
    static List<String> directories(String resource) {
        URL url = TestData.class.getClassLoader().getResource(resource);
        if (url == null) {
            return fail("missing test resource directory '%s': copy the SigV4 test data into "
                    + "src/test/resources/sigv4/", resource);
        }
        try (Stream<Path> children = Files.list(Path.of(url.toURI()))) {
            return children.filter(Files::isDirectory).map(path -> path.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
