package io.numbat.platform.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads a {@code timestamp,value} CSV series (header first) one row at a time. Timestamps are NAB's
 * {@code 2014-04-01 00:00:00} or ISO-8601 ({@code 2014-04-01T00:00:00}, optionally with an offset),
 * taken as UTC when no offset is given, or epoch milliseconds. Values are decimal numbers; {@code NaN}
 * and {@code Infinity} are accepted (the detector ignores them). Any other row is an error that
 * names the file and the line: a benchmark must not silently score fewer rows than it read.
 */
public final class SeriesCsv {
    private static final DateTimeFormatter NAB = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final BufferedReader in;
    private final String name;
    private int line;
    private String row;
    private long timestampMillis;
    private double value;

    /** Reads and checks the header; {@code name} is how errors refer to the file. */
    public SeriesCsv(BufferedReader in, String name) throws IOException {
        this.in = in;
        this.name = name;
        String header = in.readLine();
        line = 1;
        if (header == null) {
            throw error("empty file, expected a header 'timestamp,value'");
        }
        String[] columns = header.strip().split(",", -1);
        if (columns.length != 2
                || !columns[0].strip().equalsIgnoreCase("timestamp")
                || !columns[1].strip().equalsIgnoreCase("value")) {
            throw error("expected the header 'timestamp,value', found '" + header + "'");
        }
    }

    /** Advances to the next row; false at the end. Blank lines are skipped. */
    public boolean next() throws IOException {
        String text;
        do {
            text = in.readLine();
            line++;
            if (text == null) {
                return false;
            }
        } while (text.isBlank());
        int comma = text.indexOf(',');
        if (comma < 0 || text.indexOf(',', comma + 1) >= 0) {
            throw error("expected 2 columns 'timestamp,value', found '" + text + "'");
        }
        String time = text.substring(0, comma).strip();
        String number = text.substring(comma + 1).strip();
        timestampMillis = parseTimestamp(time);
        try {
            value = Double.parseDouble(number);
        } catch (NumberFormatException e) {
            throw error("value '" + number + "' is not a number");
        }
        row = text;
        return true;
    }

    private long parseTimestamp(String text) {
        try {
            if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
                return Long.parseLong(text);
            }
            if (text.length() == 19 && text.charAt(10) == ' ') {
                return LocalDateTime.parse(text, NAB).toInstant(ZoneOffset.UTC).toEpochMilli();
            }
            if (text.endsWith("Z") || text.lastIndexOf('+') > 10 || text.lastIndexOf('-') > 10) {
                return OffsetDateTime.parse(text).toInstant().toEpochMilli();
            }
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException | NumberFormatException e) {
            throw error("timestamp '" + text + "' is not 'yyyy-MM-dd HH:mm:ss', ISO-8601 or epoch milliseconds");
        }
    }

    /** The current row as read (for copying it to the output unchanged). */
    public String row() {
        return row;
    }

    public long timestampMillis() {
        return timestampMillis;
    }

    public double value() {
        return value;
    }

    /** Line number of the current row (the header is line 1). */
    public int line() {
        return line;
    }

    private BadSeriesException error(String message) {
        return new BadSeriesException(name + " line " + line + ": " + message);
    }
}
