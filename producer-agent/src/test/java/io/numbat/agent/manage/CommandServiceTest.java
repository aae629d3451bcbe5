package io.numbat.agent.manage;

import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.schemas.ActionKind;
import io.numbat.schemas.ActionResult;
import io.numbat.schemas.ActionStatus;
import io.numbat.schemas.DeadLetter;
import io.numbat.schemas.NodeQueryKind;
import io.numbat.schemas.NodeQueryResult;
import io.numbat.schemas.OperatorAction;
import io.numbat.schemas.registry.InMemorySchemaRegistry;
import io.numbat.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The agent's Kafka side with MockConsumer and MockProducer: ledger on start-up, dispatch, dead letters, commits. */
class CommandServiceTest {
    final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    final FakeNode node = new FakeNode("web-1@sim", "<0.88.0>");
    final MockConsumer<byte[], byte[]> commands = new MockConsumer<>("earliest");
    final MockConsumer<byte[], byte[]> ledgerReader = new MockConsumer<>("earliest");
    final MockProducer<String, byte[]> producer =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    final TopicPartition results = new TopicPartition(Topics.ACTION_RESULTS.name(), 0);
    final TopicPartition actions = new TopicPartition(Topics.ACTIONS.name(), 0);
    final TopicPartition queries = new TopicPartition(Topics.NODE_QUERIES.name(), 0);

    CommandService service() {
        return new CommandService(
                commands,
                ledgerReader,
                producer,
                registry,
                "agent@test",
                n -> n.equals(node.node) ? Optional.of(node) : Optional.empty(),
                Optional.of(CommandHandlerTest.TOKEN),
                Clock.fixed(Instant.ofEpochMilli(CommandHandlerTest.NOW), ZoneOffset.UTC));
    }

    void resultsTopicHolds(ActionResult... earlier) {
        ledgerReader.updatePartitions(
                results.topic(), List.of(new PartitionInfo(results.topic(), 0, Node.noNode(), null, null)));
        ledgerReader.updateBeginningOffsets(Map.of(results, 0L));
        ledgerReader.updateEndOffsets(Map.of(results, (long) earlier.length));
        ledgerReader.schedulePollTask(() -> {
            for (int i = 0; i < earlier.length; i++) {
                ledgerReader.addRecord(new ConsumerRecord<>(
                        results.topic(),
                        0,
                        i,
                        bytes(earlier[i].getRequestId()),
                        Topics.ACTION_RESULTS
                                .valueSerde(registry)
                                .serializer()
                                .serialize(results.topic(), earlier[i])));
            }
        });
    }

    static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    byte[] action(OperatorAction a) {
        return Topics.ACTIONS.valueSerde(registry).serializer().serialize(Topics.ACTIONS.name(), a);
    }

    void deliver(TopicPartition tp, long offset, String key, byte[] value) {
        commands.addRecord(new ConsumerRecord<>(tp.topic(), tp.partition(), offset, bytes(key), value));
    }

    List<ActionResult> actionResults() {
        return producer.history().stream()
                .filter(r -> r.topic().equals(Topics.ACTION_RESULTS.name()))
                .map(r -> Topics.ACTION_RESULTS
                        .valueSerde(registry)
                        .deserializer()
                        .deserialize(r.topic(), r.value()))
                .toList();
    }

    List<DeadLetter> deadLetters() {
        return producer.history().stream()
                .filter(r -> r.topic().equals(Topics.DEAD_LETTERS.name()))
                .map(ProducerRecord::value)
                .map(v ->
                        Topics.DEAD_LETTERS.valueSerde(registry).deserializer().deserialize("x", v))
                .toList();
    }

    @Test
    void anActionAlreadyInTheResultsTopicIsNotCarriedOutAgainAfterARestart() throws Exception {
        OperatorAction kill = CommandHandlerTest.signed(CommandHandlerTest.action("r1", ActionKind.KILL, "<0.88.0>"));
        // a previous run of the agent: EXECUTING and DONE for r1 are on the compacted topic, its offset not committed
        CommandService before = service();
        resultsTopicHolds();
        before.loadLedger();
        commands.assign(List.of(actions, queries));
        commands.updateBeginningOffsets(Map.of(actions, 0L, queries, 0L));
        deliver(actions, 0, "web-1@sim", action(kill));
        before.handlerForTest().act(kill);
        List<ActionResult> first = actionResults();
        assertThat(first)
                .extracting(ActionResult::getStatus)
                .containsExactly(ActionStatus.EXECUTING, ActionStatus.DONE);

        CommandServiceTest restarted = new CommandServiceTest();
        restarted.resultsTopicHolds(first.toArray(ActionResult[]::new));
        CommandService after = restarted.service();
        after.loadLedger();
        assertThat(after.ledger().get("r1")).map(ActionResult::getStatus).contains(ActionStatus.DONE);
        restarted.commands.assign(List.of(actions));
        restarted.commands.updateBeginningOffsets(Map.of(actions, 0L));
        restarted.deliver(actions, 0, "web-1@sim", restarted.action(kill)); // redelivered
        after.pollOnce(Duration.ofMillis(10));

        assertThat(node.carriedOut).containsExactly("kill <0.88.0>");
        assertThat(restarted.node.carriedOut).isEmpty();
        assertThat(restarted.actionResults()).singleElement().satisfies(r -> {
            assertThat(r.getDuplicate()).isTrue();
            assertThat(r.getStatus()).isEqualTo(ActionStatus.DONE);
        });
        assertThat(restarted.commands.committed(Set.of(actions)).get(actions).offset())
                .isEqualTo(1);
    }

    @Test
    void garbageForAWatchedNodeOrWithoutAKeyIsDeadLetteredAndAnotherAgentsNodeIsIgnored() throws Exception {
        CommandService s = service();
        resultsTopicHolds();
        s.loadLedger();
        commands.assign(List.of(actions, queries));
        commands.updateBeginningOffsets(Map.of(actions, 0L, queries, 0L));
        deliver(actions, 0, "web-1@sim", "not avro".getBytes(StandardCharsets.UTF_8));
        deliver(actions, 1, null, "no key".getBytes(StandardCharsets.UTF_8));
        deliver(actions, 2, "db-1@sim", "someone else's garbage".getBytes(StandardCharsets.UTF_8));
        deliver(
                actions,
                3,
                "web-1@sim",
                action(CommandHandlerTest.signed(CommandHandlerTest.action("mismatch", ActionKind.KILL, "<0.88.0>")
                        .setNode("web-2@sim"))));
        deliver(
                queries,
                0,
                "web-1@sim",
                Topics.NODE_QUERIES
                        .valueSerde(registry)
                        .serializer()
                        .serialize(
                                queries.topic(),
                                CommandHandlerTest.query("q1", NodeQueryKind.PROCESS_INFO)
                                        .setPid("<0.88.0>")
                                        .build()));

        s.pollOnce(Duration.ofMillis(10));

        assertThat(deadLetters()).hasSize(3).allSatisfy(d -> {
            assertThat(d.getSourceTopic()).isEqualTo(Topics.ACTIONS.name());
            assertThat(d.getComponent()).isEqualTo("agent");
        });
        assertThat(deadLetters()).extracting(DeadLetter::getOffset).containsExactly(0L, 1L, 3L);
        assertThat(deadLetters().get(2).getError()).contains("'web-1@sim'", "'web-2@sim'");
        assertThat(node.carriedOut).isEmpty();
        List<ProducerRecord<String, byte[]>> answers = producer.history().stream()
                .filter(r -> r.topic().equals(Topics.NODE_QUERY_RESULTS.name()))
                .toList();
        assertThat(answers).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("q1");
            NodeQueryResult a = Topics.NODE_QUERY_RESULTS
                    .valueSerde(registry)
                    .deserializer()
                    .deserialize(r.topic(), r.value());
            assertThat(a.getOk()).isTrue();
            assertThat(a.getProcess().getMemory()).isEqualTo(2_688);
        });
        assertThat(commands.committed(Set.of(actions, queries)))
                .containsEntry(actions, new OffsetAndMetadata(4))
                .containsEntry(queries, new OffsetAndMetadata(1));
    }
}
