package dev.iotlocal.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One Markdown table of figures beside baselines measured in the same run: figure, baseline, ours, ratio, target,
 * met. Printed whole as soon as its measurements are done; rows with a target are also kept for the closing
 * summary. Not thread-safe: the benchmarks run one after another.
 */
final class Table {

    private static final List<String> TARGETED = new ArrayList<>();
    private static final String HEADER = "| Figure | Baseline | Ours | Ratio | Target | Met? |\n|---|---|---|---|---|---|";

    private final String title;
    private final List<String> rows = new ArrayList<>();

    Table(String title) {
        this.title = title;
    }

    /** What a figure is held to: its ratio to the baseline, or its own value, or nothing ("reported"). */
    record Target(String text, Double atMost, Double atLeast) {
        static final Target REPORTED = new Target("reported", null, null);

        static Target ratioAtMost(double limit) {
            return new Target("≤ " + number(limit) + "×", limit, null);
        }

        static Target ratioAtLeast(double limit) {
            return new Target("≥ " + number(limit) + "×", null, limit);
        }

        static Target atMost(double limit, String text) {
            return new Target(text, limit, null);
        }

        static Target atLeast(double limit, String text) {
            return new Target(text, null, limit);
        }

        Target withText(String text) {
            return new Target(text, atMost, atLeast);
        }

        String met(double value) {
            if (atMost == null && atLeast == null) {
                return "—";
            }
            boolean met = (atMost == null || value <= atMost) && (atLeast == null || value >= atLeast);
            return met ? "yes" : "no";
        }
    }

    /** A figure against its baseline; the target applies to ours / baseline. */
    Table compare(String figure, String baselineName, double baseline, double ours, String unit, Target target) {
        double ratio = ours / baseline;
        return row(figure, baselineName + ": " + value(baseline, unit), value(ours, unit), String.format(Locale.ROOT, "%.2f×", ratio),
                target, target.met(ratio));
    }

    /** A figure without a baseline; the target applies to the figure itself. */
    Table single(String figure, double ours, String unit, Target target) {
        return row(figure, "—", value(ours, unit), "—", target, target.met(ours));
    }

    /** A figure whose value is described rather than a number, with the verdict decided by the caller. */
    Table described(String figure, String baseline, String ours, Target target, boolean met) {
        return row(figure, baseline, ours, "—", target, met ? "yes" : "no");
    }

    /** A figure that could not be measured in this run, and why. */
    Table notMeasured(String figure, String why, Target target) {
        return row(figure, "—", "not measured: " + why, "—", target, target == Target.REPORTED ? "—" : "no");
    }

    /** A row as it is printed. */
    Table row(String figure, String baseline, String ours, String ratio, Target target, String met) {
        String row = "| " + figure + " | " + baseline + " | " + ours + " | " + ratio + " | " + target.text() + " | " + met + " |";
        rows.add(row);
        if (target != Target.REPORTED) {
            TARGETED.add(row);
        }
        return this;
    }

    void print(String note) {
        System.out.println("### " + title);
        System.out.println();
        if (!note.isEmpty()) {
            System.out.println(note);
            System.out.println();
        }
        System.out.println(HEADER);
        rows.forEach(System.out::println);
        System.out.println();
        System.out.flush();
    }

    /** Every row with a target, from every table printed so far. */
    static void printSummary() {
        if (TARGETED.isEmpty()) {
            return;
        }
        System.out.println("### Summary: every figure against its target");
        System.out.println();
        System.out.println(HEADER);
        TARGETED.forEach(System.out::println);
        System.out.println();
    }

    static String value(double value, String unit) {
        String number = switch (unit) {
            case "ms" -> String.format(Locale.ROOT, value < 10 ? "%.2f" : "%.1f", value);
            case "MiB", "KiB" -> String.format(Locale.ROOT, "%.1f", value);
            default -> String.format(Locale.ROOT, "%,.0f", value);
        };
        return unit.isEmpty() ? number : number + " " + unit;
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
