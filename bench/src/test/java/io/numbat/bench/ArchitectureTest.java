package io.numbat.bench;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.numbat.schemas.topic.Topic;
import io.numbat.schemas.topic.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules the build enforces (issue 19, "Structure", item 4); docs/architecture-rules.md says why.
 * It lives in bench because bench is the one module whose test class path holds every module's main classes.
 */
class ArchitectureTest {

    /** Every module's main classes (bench's class path: bench, platform, the four components, kafka-bridge, schemas). */
    private static JavaClasses numbat;

    @BeforeAll
    static void importMainClasses() {
        numbat = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.numbat");
    }

    @Test
    void everyModuleIsImported() {
        // guard against a rule passing vacuously because a module's classes were not on the class path
        for (String pkg : List.of(
                "io.numbat.schemas",
                "io.numbat.bridge",
                "io.numbat.agent",
                "io.numbat.processor",
                "io.numbat.deployer",
                "io.numbat.console",
                "io.numbat.platform",
                "io.numbat.bench")) {
            assertThat(numbat.containPackage(pkg))
                    .as("classes of %s imported", pkg)
                    .isTrue();
        }
    }

    /**
     * The maths: everything in the processor's trend, forecast, anomaly, alarm, scaling, health and bottleneck packages and
     * the deployer's capability-matching broker package, except the Kafka Streams adapters there, i.e. the classes
     * that implement a Kafka Streams interface - the {@code Processor}s (FamilyRollupProcessor,
     * CoarserTrendsProcessor, NodeWindowsProcessor, FamilyPartialsProcessor, FamilyScalingProcessor,
     * NodeHealthProcessor, FamilyBottlenecksProcessor) and the {@code Serde}s (FamilyLoadSerde, NodeHealthSerde, and the
     * nested BottleneckSignal.Serde, FamilyBottlenecks.Serde, WindowTrends.Serde, OpenWindows.Serde, FamilyPartial.Serde, LoadSignal.Serde, NodeLiveness.Serde,
     * FamilyRollupProcessor.WindowSerde). Those wire the maths into a topology; the maths itself is plain Java.
     */
    @Test
    void theMathsImportsNoKafkaAndNoVertx() {
        ArchRule rule = noClasses()
                .that()
                .resideInAnyPackage(
                        "io.numbat.processor.trend..",
                        "io.numbat.processor.forecast..",
                        "io.numbat.processor.anomaly..",
                        "io.numbat.processor.alarm..",
                        "io.numbat.processor.scaling..",
                        "io.numbat.processor.health..",
                        "io.numbat.processor.bottleneck..",
                        "io.numbat.processor.remedy..",
                        "io.numbat.deployer.broker..")
                .and()
                .areNotAssignableTo("org.apache.kafka.streams.processor.api.Processor")
                .and()
                .areNotAssignableTo("org.apache.kafka.common.serialization.Serde")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.kafka..", "io.vertx..")
                .because("the trend, forecast, anomaly, alarm, scaling and health rules and the deployer's broker are "
                        + "plain functions of their inputs, tested without a broker or an event loop: move the Kafka "
                        + "or Vert.x code into a class that implements the Kafka Streams Processor or Serde "
                        + "interface (or out of these packages, e.g. into the deployer's kafka or api package) and "
                        + "pass it plain values");
        rule.check(numbat);
    }

    /**
     * The deployer's core (the decision executor and its collaborators) is plain Java too: the verticle feeds it
     * decisions and metrics and wires its events, forwarding and timers to Kafka and Vert.x.
     */
    @Test
    void theDeployerCoreImportsNoKafkaAndNoVertx() {
        ArchRule rule = noClasses()
                .that()
                .resideInAPackage("io.numbat.deployer.execute..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.kafka..", "io.vertx..")
                .because("the deployer's core is tested on a manual clock with fake providers, without a broker or an "
                        + "event loop: put the Kafka or Vert.x code in DeployerVerticle (or its kafka package) behind "
                        + "one of the core's interfaces (DeploymentEvents, Forwarder, FamilyOwnership, Scheduler) and "
                        + "pass the core plain values");
        rule.check(numbat);
    }

    @Test
    void modulesDependOnlyDownwards() {
        ArchRule rule = layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("schemas")
                .definedBy("io.numbat.schemas..")
                .layer("kafka-bridge")
                .definedBy("io.numbat.bridge..")
                .layer("producer-agent")
                .definedBy("io.numbat.agent..")
                .layer("stream-processor")
                .definedBy("io.numbat.processor..")
                .layer("deployer")
                .definedBy("io.numbat.deployer..")
                .layer("console")
                .definedBy("io.numbat.console..")
                .layer("platform")
                .definedBy("io.numbat.platform..")
                .layer("bench")
                .definedBy("io.numbat.bench..")
                .whereLayer("bench")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("platform")
                .mayOnlyBeAccessedByLayers("bench")
                // the components never depend on each other (checked when this rule was written: no exceptions)
                .whereLayer("producer-agent")
                .mayOnlyBeAccessedByLayers("platform", "bench")
                .whereLayer("stream-processor")
                .mayOnlyBeAccessedByLayers("platform", "bench")
                .whereLayer("deployer")
                .mayOnlyBeAccessedByLayers("platform", "bench")
                .whereLayer("console")
                .mayOnlyBeAccessedByLayers("platform", "bench")
                // the components' shared Kafka-to-Vert.x pump and REST token check sit between schemas and them
                .whereLayer("kafka-bridge")
                .mayOnlyBeAccessedByLayers(
                        "producer-agent", "stream-processor", "deployer", "console", "platform", "bench")
                .whereLayer("schemas")
                .mayOnlyBeAccessedByLayers(
                        "kafka-bridge",
                        "producer-agent",
                        "stream-processor",
                        "deployer",
                        "console",
                        "platform",
                        "bench")
                .because("modules depend only downwards (schemas <- kafka-bridge <- producer-agent, stream-processor, "
                        + "deployer, console <- platform <- bench): move what two components share into numbat-schemas "
                        + "(plain values, the topic registry) or numbat-kafka-bridge (Kafka and Vert.x plumbing), or "
                        + "do the wiring in platform; never add a dependency on a sibling or a higher module");
        rule.check(numbat);
    }

    /** A string literal that is exactly a topic's name, e.g. {@code "numbat.metrics"}. */
    private static final Pattern TOPIC_LITERAL = Pattern.compile("\"(numbat\\.[a-z-]+)\"");

    /**
     * No class but the topic registry names a topic. ArchUnit sees no string constants, so this reads the main
     * source trees: a string literal equal to one of {@link Topics#all()}'s names anywhere outside Topics.java fails.
     * Prose that mentions a topic inside a longer string (help text, log messages) is not a name and is allowed.
     */
    @Test
    void onlyTheTopicRegistryNamesATopic() throws IOException {
        Set<String> names = Topics.all().stream().map(Topic::name).collect(Collectors.toSet());
        assertThat(names).isNotEmpty();
        Path root = repositoryRoot();
        Path registry = root.resolve("schemas/src/main/java/io/numbat/schemas/topic/Topics.java");
        List<Path> trees;
        try (Stream<Path> modules = Files.list(root)) {
            trees = modules.map(m -> m.resolve("src/main/java"))
                    .filter(Files::isDirectory)
                    .sorted()
                    .toList();
        }
        assertThat(trees).as("main source trees under %s", root).hasSizeGreaterThanOrEqualTo(8);

        List<String> violations = new ArrayList<>();
        for (Path tree : trees) {
            try (Stream<Path> files = Files.walk(tree)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java"))
                        .sorted()
                        .toList()) {
                    if (file.equals(registry)) {
                        continue;
                    }
                    List<String> lines = Files.readAllLines(file);
                    for (int i = 0; i < lines.size(); i++) {
                        Matcher m = TOPIC_LITERAL.matcher(lines.get(i));
                        while (m.find()) {
                            if (names.contains(m.group(1))) {
                                violations.add(root.relativize(file) + ":" + (i + 1) + ": \"" + m.group(1) + "\"");
                            }
                        }
                    }
                }
            }
        }
        assertThat(violations)
                .as("topic names outside io.numbat.schemas.topic.Topics; use e.g. Topics.METRICS.name() (or the Topic "
                        + "itself) instead of the literal, and add a new topic to Topics (and Topics.all()) first")
                .isEmpty();
    }

    /** The directory holding the parent pom and the module directories (surefire runs in bench/). */
    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("schemas/src/main/java/io/numbat/schemas/topic/Topics.java"))) {
                return dir;
            }
        }
        throw new UncheckedIOException(
                new IOException("no Numbat checkout above " + Path.of("").toAbsolutePath()));
    }
}
