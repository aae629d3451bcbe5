package io.numbat.platform.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.numbat.schemas.util.Printable;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code numbat silence add|list|expire}: operators' silences through the console's REST API, which checks them
 * (a bad one is refused with every reason), writes them to {@code numbat.silences} with their audit record on
 * {@code numbat.operator-changes}, and needs its operator token to do so.
 */
@Command(
        name = "silence",
        mixinStandardHelpOptions = true,
        description = "Add, list or expire silences through the console (--console URL): the alarms a silence "
                + "matches are still raised and recorded, marked silenced, and not forwarded to Alertmanager or "
                + "webhooks while it is active. Every change is audited on numbat.operator-changes.",
        subcommands = {SilenceCommand.Add.class, SilenceCommand.ListSilences.class, SilenceCommand.Expire.class})
final class SilenceCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "missing command: choose one of " + spec.subcommands().keySet());
    }

    /** One line per silence: id, status, matchers, window, author, comment. */
    static String line(JsonNode s) {
        StringBuilder m = new StringBuilder();
        for (String[] f : new String[][] {{"node", "node"}, {"family", "family"}, {"alarmType", "type"}}) {
            if (s.hasNonNull(f[0])) {
                m.append(m.isEmpty() ? "" : " ")
                        .append(f[1])
                        .append('=')
                        .append(s.path(f[0]).asText());
            }
        }
        long end = s.hasNonNull("expiredAt")
                ? Math.min(s.path("expiredAt").asLong(), s.path("endsAt").asLong())
                : s.path("endsAt").asLong();
        return Printable.escape(String.format(
                Locale.ROOT,
                "%s  %-7s  %s  %s .. %s  by %s: %s",
                s.path("id").asText(),
                s.path("status").asText().toLowerCase(Locale.ROOT),
                m,
                Instant.ofEpochMilli(s.path("startsAt").asLong()),
                Instant.ofEpochMilli(end),
                s.path("createdBy").asText(),
                s.path("comment").asText()));
    }

    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = "Add a silence: at least one of --node, --family, --type (all given must match), from "
                    + "--from (default now) for --duration or until --until; --comment says why. Prints its id.")
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ConsoleClient.Options console;

        @Option(names = "--node", paramLabel = "NODE", description = "Only this node's alarms.")
        String node;

        @Option(names = "--family", paramLabel = "F", description = "Only this family's alarms.")
        String family;

        @Option(names = "--type", paramLabel = "TYPE", description = "Only alarms of this type, e.g. node_down.")
        String type;

        @Option(names = "--from", paramLabel = "INSTANT", description = "Start, ISO-8601 (default now).")
        String from;

        /** How long, or until when: exactly one. */
        static final class End {
            @Option(names = "--duration", paramLabel = "DURATION", required = true, description = "How long, e.g. 2h.")
            String duration;

            @Option(
                    names = "--until",
                    paramLabel = "INSTANT",
                    required = true,
                    description = "End, ISO-8601, e.g. 2026-12-07T18:00:00Z.")
            String until;
        }

        @ArgGroup(exclusive = true, multiplicity = "1")
        End end;

        @Option(names = "--comment", paramLabel = "TEXT", required = true, description = "Why (kept with it).")
        String comment;

        @Option(
                names = "--user",
                paramLabel = "NAME",
                defaultValue = "${env:USER}",
                description = "Who (default $USER).")
        String user;

        @Override
        public Integer call() throws Exception {
            ObjectNode body = ConsoleClient.json().createObjectNode();
            putIf(body, "node", node);
            putIf(body, "family", family);
            putIf(body, "alarmType", type);
            putIf(body, "startsAt", from);
            putIf(body, "duration", end.duration);
            putIf(body, "endsAt", end.until);
            body.put("comment", comment);
            body.put("user", user == null || user.isBlank() ? "operator" : user);
            ConsoleClient api = console.client();
            JsonNode answer = api.send(api.post("/api/silences", body), 201);
            PrintWriter out = spec.commandLine().getOut();
            out.println(line(answer.path("silence")));
            out.flush();
            return 0;
        }

        private static void putIf(ObjectNode body, String field, String value) {
            if (value != null) {
                body.put(field, value);
            }
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List the silences (those ending last first): id, status, matchers, start .. end, author, "
                    + "comment; --json: the console's JSON, one silence per line.")
    static final class ListSilences implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ConsoleClient.Options console;

        @Option(names = "--status", paramLabel = "active|pending|expired", description = "Only these.")
        String status;

        @Option(names = "--json", description = "One JSON object per line instead of a table.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            ConsoleClient api = console.client();
            String q = status == null ? "" : "?status=" + URLEncoder.encode(status, StandardCharsets.UTF_8);
            JsonNode answer = api.send(api.request("/api/silences" + q).GET(), 200);
            PrintWriter out = spec.commandLine().getOut();
            JsonNode list = answer.path("silences");
            if (list.isEmpty() && !json) {
                out.println("no silences");
            }
            list.forEach(s -> out.println(json ? s.toString() : line(s)));
            out.flush();
            return 0;
        }
    }

    @Command(
            name = "expire",
            mixinStandardHelpOptions = true,
            description = "End a silence now (it stays listed, expired); --reason says why.")
    static final class Expire implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ConsoleClient.Options console;

        @Parameters(index = "0", paramLabel = "ID", description = "The silence's id, as numbat silence list prints it.")
        String id;

        @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "", description = "Why (kept in the audit).")
        String reason;

        @Option(
                names = "--user",
                paramLabel = "NAME",
                defaultValue = "${env:USER}",
                description = "Who (default $USER).")
        String user;

        @Override
        public Integer call() throws Exception {
            ObjectNode body = ConsoleClient.json()
                    .createObjectNode()
                    .put("reason", reason)
                    .put("user", user == null || user.isBlank() ? "operator" : user);
            ConsoleClient api = console.client();
            String path = "/api/silences/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/expire";
            JsonNode answer = api.send(api.post(path, body), 200);
            spec.commandLine().getOut().println(line(answer.path("silence")));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
