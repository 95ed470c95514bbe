package dev.iotlocal.samples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Keeps the README true: its Java snippets are exactly the tagged regions of tests that compile and pass, its
 * test command is the one CI runs, and the files its samples commands name exist.
 */
class ReadmeTest {

    private static final Path ROOT = Path.of(System.getProperty("iotlocal.repositoryRoot", "../.."));

    @ParameterizedTest(name = "{0} [{1}]")
    @CsvSource({
            "emulator/src/test/java/dev/iotlocal/emulator/quickstart/QuickStartTest.java, in-jvm",
            "client/src/test/java/dev/iotlocal/client/quickstart/QuickStartTest.java, quick-start",
            "samples/downstream-tests/src/test/java/dev/iotlocal/samples/downstream/QuickStartTest.java, quick-start",
            "samples/downstream-tests/src/test/java/dev/iotlocal/samples/downstream/ConfiguredIotLocalTest.java, extension-builder",
            "samples/downstream-tests/src/test/java/dev/iotlocal/samples/downstream/FleetProvisioningTest.java, provisioning",
            "samples/downstream-tests/src/test/java/dev/iotlocal/samples/downstream/DevicePolicyTest.java, device-policy",
            "emulator/src/test/java/dev/iotlocal/emulator/internal/cli/IotLocalMainTest.java, attach-policy"})
    void snippetIsTheTaggedRegionOfACompiledTest(String source, String tag) throws IOException {
        // a snippet shows its imports first, where the test tags them (tag "<name>-imports")
        String imports = hasRegion(ROOT.resolve(source), tag + "-imports") ? taggedRegion(ROOT.resolve(source), tag + "-imports") + "\n" : "";
        String snippet = imports + taggedRegion(ROOT.resolve(source), tag);

        assertThat(snippet).isNotBlank();
        assertThat(readme()).as("the README holds the region '%s' of %s verbatim", tag, source).contains("```java\n" + snippet + "```");
    }

    @Test
    void testCommandIsWhatContinuousIntegrationRuns() throws IOException {
        List<String> commands = Files.readAllLines(ROOT.resolve(".ci/run"), UTF_8).stream()
                .filter(line -> line.startsWith("./mvnw")).toList();

        assertThat(commands).hasSize(1);
        assertThat(readme()).contains(commands.get(0) + " ").contains("# run every test");
    }

    @Test
    void samplesCommandsNameFilesThatExist() throws IOException {
        String readme = readme();

        for (String file : List.of("samples/application.properties", "samples/device.properties")) {
            assertThat(readme).contains(file);
            assertThat(ROOT.resolve(file)).exists();
        }
        assertThat(readme).contains("java -jar samples/programs/target/iot-local-samples.jar ");
        assertThat(ROOT.resolve("samples/programs/pom.xml")).content(UTF_8).contains("/iot-local-samples.jar</outputFile>");
        assertThat(readme).contains("java -jar emulator/target/iot-local.jar ");
        assertThat(ROOT.resolve("emulator/pom.xml")).content(UTF_8).contains("/iot-local.jar</outputFile>");
    }

    private static String readme() throws IOException {
        return Files.readString(ROOT.resolve("README.md"), UTF_8);
    }

    /** The lines between {@code tag::name[]} and {@code end::name[]}, with their common indentation removed. */
    static String taggedRegion(Path source, String tag) throws IOException {
        List<String> lines = Files.readAllLines(source, UTF_8);
        int start = indexOf(lines, "tag::" + tag + "[]") + 1;
        int end = indexOf(lines, "end::" + tag + "[]");
        List<String> region = lines.subList(start, end);
        int indent = region.stream().filter(line -> !line.isBlank())
                .mapToInt(line -> line.length() - line.stripLeading().length()).min().orElse(0);
        return region.stream().map(line -> line.isBlank() ? "" : line.substring(indent)).collect(Collectors.joining("\n", "", "\n"));
    }

    private static boolean hasRegion(Path source, String tag) throws IOException {
        return Files.readAllLines(source, UTF_8).stream().anyMatch(line -> line.contains("tag::" + tag + "[]"));
    }

    private static int indexOf(List<String> lines, String marker) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(marker)) {
                return i;
            }
        }
        throw new AssertionError("no '" + marker + "' in the source");
    }
}
