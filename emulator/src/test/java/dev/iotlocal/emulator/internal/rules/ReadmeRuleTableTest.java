package dev.iotlocal.emulator.internal.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlocal.emulator.internal.cli.CliOptions;
import dev.iotlocal.emulator.rules.AwsIotRules;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's table of AWS IoT behaviours has a row for every rule, naming its Java setting and its CLI token, and
 * the README names every option of the standalone emulator.
 */
class ReadmeRuleTableTest {

    private static final Path README = Path.of("..", "README.md");

    @Test
    void everyRuleHasARowWithItsJavaSettingAndItsCliToken() throws IOException {
        List<String> rows = readme().lines().filter(line -> line.startsWith("| ")).toList();
        for (Rule rule : RuleBook.of(AwsIotRules.strict()).all()) {
            assertThat(rows).as("a README table row for %s", rule)
                    .anySatisfy(row -> assertThat(row).contains("`" + rule.javaSetting() + "`").contains("`" + rule.cliToken() + "`"));
        }
    }

    @Test
    void everyCommandLineOptionIsNamed() throws IOException {
        String readme = readme();
        assertThat(CliOptions.names()).isNotEmpty().allSatisfy(option -> assertThat(readme).as("the README names " + option)
                .contains("`" + option));
    }

    private static String readme() throws IOException {
        assertThat(README).as("the repository's README, read from the emulator module's directory").exists();
        return Files.readString(README, StandardCharsets.UTF_8);
    }
}
