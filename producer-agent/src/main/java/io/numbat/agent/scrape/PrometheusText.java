package io.numbat.agent.scrape;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A parser for the Prometheus text exposition format (version 0.0.4, what prometheus.erl, PromEx and
 * telemetry_metrics_prometheus serve): {@code # HELP} and {@code # TYPE} lines and other comments are skipped, each
 * sample line is {@code name{label="value",...} value [timestamp]}, label values carry the escapes {@code \\},
 * {@code \"} and {@code \n}, and values may be {@code NaN}, {@code +Inf} or {@code -Inf}. Histogram and summary lines
 * are samples like any other ({@code _bucket}, {@code _sum}, {@code _count}). A line that is none of these makes the
 * whole response refused, naming the line: a page that is not a metrics endpoint is never half read.
 */
public final class PrometheusText {
    private static final int MAX_SHOWN = 60;

    private PrometheusText() {}

    /** The samples of {@code text}, in order. */
    public static List<PrometheusSample> parse(String text) throws PrometheusFormatException {
        List<PrometheusSample> samples = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            try {
                samples.add(new LineParser(trimmed).sample());
            } catch (IllegalArgumentException e) {
                throw new PrometheusFormatException(
                        "line " + (i + 1) + ": " + e.getMessage() + " in '" + shown(trimmed) + "'");
            }
        }
        return samples;
    }

    private static String shown(String line) {
        return line.length() <= MAX_SHOWN ? line : line.substring(0, MAX_SHOWN) + "...";
    }

    /** One sample line; every problem is an {@link IllegalArgumentException} saying what was expected. */
    private static final class LineParser {
        private final String s;
        private int at;

        LineParser(String s) {
            this.s = s;
        }

        PrometheusSample sample() {
            String name = name(true);
            Map<String, String> labels = new LinkedHashMap<>();
            if (peek() == '{') {
                at++;
                labels(labels);
            }
            if (!skipBlanks()) {
                throw new IllegalArgumentException("expected a value after " + name);
            }
            double value = value(token());
            OptionalLong timestamp = OptionalLong.empty();
            if (skipBlanks()) {
                String t = token();
                try {
                    timestamp = OptionalLong.of(Long.parseLong(t));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("the timestamp '" + t + "' is not an integer");
                }
            }
            if (skipBlanks()) {
                throw new IllegalArgumentException("unexpected '" + s.substring(at) + "' after the value");
            }
            return new PrometheusSample(name, labels, value, timestamp);
        }

        private void labels(Map<String, String> labels) {
            while (true) {
                skipBlanks();
                if (peek() == '}') {
                    at++;
                    return;
                }
                String label = name(false);
                skipBlanks();
                expect('=');
                skipBlanks();
                expect('"');
                String value = quoted();
                if (labels.put(label, value) != null) {
                    throw new IllegalArgumentException("the label " + label + " is given twice");
                }
                skipBlanks();
                char c = peek();
                if (c == ',') {
                    at++;
                } else if (c != '}') {
                    throw new IllegalArgumentException("expected ',' or '}' after the label " + label);
                }
            }
        }

        /** A metric name ({@code [a-zA-Z_:][a-zA-Z0-9_:]*}) or a label name (no colons). */
        private String name(boolean metric) {
            int start = at;
            while (at < s.length()) {
                char c = s.charAt(at);
                boolean ok = Character.isLetter(c) && c < 128
                        || c == '_'
                        || (metric && c == ':')
                        || (at > start && c >= '0' && c <= '9');
                if (!ok) {
                    break;
                }
                at++;
            }
            if (at == start) {
                throw new IllegalArgumentException(
                        "expected a " + (metric ? "metric" : "label") + " name at column " + (at + 1));
            }
            return s.substring(start, at);
        }

        private String quoted() {
            StringBuilder b = new StringBuilder();
            while (at < s.length()) {
                char c = s.charAt(at++);
                if (c == '"') {
                    return b.toString();
                }
                if (c == '\\' && at < s.length()) {
                    char e = s.charAt(at++);
                    switch (e) {
                        case 'n' -> b.append('\n');
                        case '\\' -> b.append('\\');
                        case '"' -> b.append('"');
                        default -> b.append('\\').append(e); // kept as written, like Prometheus itself
                    }
                } else {
                    b.append(c);
                }
            }
            throw new IllegalArgumentException("a label value is not closed with '\"'");
        }

        private static double value(String t) {
            switch (t) {
                case "NaN":
                    return Double.NaN;
                case "+Inf", "Inf":
                    return Double.POSITIVE_INFINITY;
                case "-Inf":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
            // Java would also take "Infinity", "0x1p3" or "1d": only plain decimal numbers are values here
            if (!t.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
                throw new IllegalArgumentException("the value '" + t + "' is not a number");
            }
            return Double.parseDouble(t);
        }

        private String token() {
            int start = at;
            while (at < s.length() && s.charAt(at) != ' ' && s.charAt(at) != '\t') {
                at++;
            }
            return s.substring(start, at);
        }

        /** Skips spaces and tabs; whether anything follows. */
        private boolean skipBlanks() {
            while (at < s.length() && (s.charAt(at) == ' ' || s.charAt(at) == '\t')) {
                at++;
            }
            return at < s.length();
        }

        private char peek() {
            return at < s.length() ? s.charAt(at) : '\0';
        }

        private void expect(char c) {
            if (peek() != c) {
                throw new IllegalArgumentException("expected '" + c + "' at column " + (at + 1));
            }
            at++;
        }
    }
}
