package dev.iotlocal.emulator.internal.util;

/**
 * Text a client sent, made fit to quote in a log line or an error message: printable ASCII only (anything else
 * becomes {@code ?}, so it cannot forge log lines) and cut to a bound (so a huge value cannot bloat a reply).
 */
public final class ClientText {

    private ClientText() {}

    /** The text, at most {@code limit} characters of it followed by {@code ...} when it is longer, printable. */
    public static String printable(String text, int limit) {
        String shown = text.length() > limit ? text.substring(0, limit) + "..." : text;
        return shown.replaceAll("[^\\x20-\\x7E]", "?");
    }
}
