package io.numbat.platform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.console.Console;
import io.numbat.console.ConsoleConfig;
import io.numbat.console.intake.Intake;
import io.numbat.console.intake.RecordSink;
import io.numbat.schemas.AlarmAck;
import io.numbat.schemas.ChangeKind;
import io.numbat.schemas.OperatorChange;
import io.numbat.schemas.Silence;
import io.numbat.schemas.registry.InMemorySchemaRegistry;
import io.numbat.schemas.topic.ClusterConnection;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code numbat silence add|list|expire} against a real console (its REST API and checks; Kafka replaced by an intake
 * that keeps what it is given and reads it back), with the console's access token.
 */
class SilenceCommandTest {
    private static final String TOKEN = "console-s3cret";

    /** Keeps the silences and audit records the console publishes, and feeds them back as the topics would. */
    static final class KeepingIntake implements Intake {
        final List<Silence> silences = new CopyOnWriteArrayList<>();
        final List<OperatorChange> changes = new CopyOnWriteArrayList<>();
        private volatile Context context;
        private volatile RecordSink sink;

        @Override
        public Future<Void> start(Context ctx, RecordSink s) {
            context = ctx;
            sink = s;
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> acknowledge(AlarmAck ack) {
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> silence(Silence silence, OperatorChange audit) {
            silences.add(silence);
            changes.add(audit);
            context.runOnContext(v -> {
                sink.silence(silence);
                sink.operatorChange(audit);
            });
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> stop() {
            return Future.succeededFuture();
        }
    }

    private final KeepingIntake intake = new KeepingIntake();
    private Vertx vertx;
    private Console console;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        console = Console.start(
                vertx,
                ConsoleConfig.of(new ClusterConnection("unused:9092", "http://unused"), new InMemorySchemaRegistry())
                        .withToken(TOKEN)
                        .withOperatorToken("op-token"),
                intake);
    }

    @AfterEach
    void stop() {
        console.close();
        vertx.close();
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cl = Numbat.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--console", console.url().toString(), "--token", TOKEN));
        return cl.execute(all.toArray(String[]::new));
    }

    @Test
    void addsListsAndExpiresASilenceEachAudited() {
        assertThat(run(
                        "silence",
                        "add",
                        "--family",
                        "web",
                        "--type",
                        "node_down",
                        "--duration",
                        "2h",
                        "--comment",
                        "rolling restart",
                        "--user",
                        "ana"))
                .as(err.toString())
                .isZero();
        assertThat(out.toString())
                .contains("active")
                .contains("family=web type=node_down")
                .contains("by ana");
        String id = intake.silences.get(0).getId();
        assertThat(out.toString()).startsWith(id);

        assertThat(run("silence", "list")).as(err.toString()).isZero();
        assertThat(out.toString()).contains(id).contains("rolling restart");

        assertThat(run("silence", "expire", id, "--reason", "finished", "--user", "bo"))
                .as(err.toString())
                .isZero();
        assertThat(out.toString()).contains("expired");
        assertThat(intake.changes)
                .extracting(OperatorChange::getKind)
                .containsExactly(ChangeKind.SILENCE_ADDED, ChangeKind.SILENCE_EXPIRED);
        assertThat(intake.changes.get(1).getWho()).isEqualTo("bo");
        assertThat(intake.changes.get(1).getReason()).isEqualTo("finished");

        assertThat(run("silence", "list", "--status", "active")).isZero();
        assertThat(out.toString()).contains("no silences");
    }

    @Test
    void aSilenceEndingBeforeItStartsIsRefusedWithTheReasonAndExitOne() {
        assertThat(run(
                        "silence",
                        "add",
                        "--node",
                        "web-1@sim",
                        "--from",
                        "2030-01-01T10:00:00Z",
                        "--until",
                        "2030-01-01T09:00:00Z",
                        "--comment",
                        "typo"))
                .isEqualTo(1);
        assertThat(err.toString())
                .startsWith("numbat: error: console refused (400): silence refused: ")
                .contains("is not after its start");
        assertThat(intake.silences).isEmpty();
    }

    @Test
    void withoutAMatcherOrAnUnknownTypeItIsRefused() {
        assertThat(run("silence", "add", "--duration", "1h", "--comment", "all of it"))
                .isEqualTo(1);
        assertThat(err.toString()).contains("no matcher");
        assertThat(run("silence", "add", "--type", "disk_full", "--duration", "1h", "--comment", "x"))
                .isEqualTo(1);
        assertThat(err.toString()).contains("'disk_full' is unknown");
    }

    @Test
    void aWrongTokenIsOneErrorLine() {
        CommandLine cl = Numbat.commandLine();
        cl.setErr(new PrintWriter(err, true));
        int rc = cl.execute(
                "silence",
                "add",
                "--family",
                "web",
                "--duration",
                "1h",
                "--comment",
                "x",
                "--console",
                console.url().toString(),
                "--token",
                "wrong");
        assertThat(rc).isEqualTo(1);
        assertThat(err.toString())
                .startsWith("numbat: error: console refused (401)")
                .contains("--token");
    }

    @Test
    void durationAndUntilAreExclusiveAndOneIsRequired() {
        assertThat(run("silence", "add", "--family", "web", "--comment", "x")).isEqualTo(2);
        assertThat(run(
                        "silence",
                        "add",
                        "--family",
                        "web",
                        "--comment",
                        "x",
                        "--duration",
                        "1h",
                        "--until",
                        "2030-01-01T09:00:00Z"))
                .isEqualTo(2);
    }
}
