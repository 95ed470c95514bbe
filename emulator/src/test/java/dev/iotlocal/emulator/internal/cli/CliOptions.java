package dev.iotlocal.emulator.internal.cli;

import java.util.List;
import picocli.CommandLine;

/** The standalone emulator's option names, for tests outside this package. */
public final class CliOptions {

    private CliOptions() {}

    /** The longest name of every option, {@code --help} and {@code --version} aside. */
    public static List<String> names() {
        return IotLocalMain.commandLine().getCommandSpec().options().stream()
                .map(CommandLine.Model.OptionSpec::longestName)
                .filter(name -> !name.equals("--help") && !name.equals("--version"))
                .toList();
    }
}
