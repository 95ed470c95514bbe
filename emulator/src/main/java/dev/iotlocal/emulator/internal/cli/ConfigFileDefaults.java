package dev.iotlocal.emulator.internal.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import picocli.CommandLine;

/**
 * Defaults from the {@code --config} properties file: a key is an option's name without {@code --}
 * ({@code mtls-port=8883}); repeatable options take comma-separated values. The command line wins.
 */
final class ConfigFileDefaults implements CommandLine.IDefaultValueProvider {

    private final CommandLine commandLine;
    private Properties properties;

    ConfigFileDefaults(CommandLine commandLine) {
        this.commandLine = commandLine;
    }

    @Override
    public String defaultValue(CommandLine.Model.ArgSpec argument) {
        if (!(argument instanceof CommandLine.Model.OptionSpec option) || option.longestName().equals("--config")) {
            return null;
        }
        Properties file = properties();
        return file == null ? null : file.getProperty(option.longestName().replaceFirst("^--", ""));
    }

    private Properties properties() {
        if (properties == null) {
            CommandLine.Model.OptionSpec config = commandLine.getCommandSpec().findOption("--config");
            Path path = config == null ? null : config.getValue();
            if (path == null) {
                return null;
            }
            Properties loaded = new Properties();
            try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                loaded.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the configuration file " + path, e);
            }
            properties = loaded;
        }
        return properties;
    }
}
