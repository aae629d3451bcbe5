package io.numbat.deployer.broker;

import static io.numbat.deployer.broker.Fixtures.broker;
import static io.numbat.deployer.broker.Fixtures.family;
import static io.numbat.deployer.broker.Fixtures.profile;
import static io.numbat.deployer.broker.Fixtures.provider;
import static io.numbat.deployer.broker.Fixtures.web;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.numbat.deployer.config.DeployerConfig;
import io.numbat.deployer.config.FamilyConfig;
import io.numbat.deployer.config.Profile;
import io.numbat.schemas.CapabilityProfile;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the broker says when it cannot place everything, and how it reads the example configuration. */
class BrokerExplanationTest {

    @Test
    void failsAnImpossibleRequestNamingWhatEachProviderOffers() {
        Plan plan = broker(
                        provider("eu-local", 0, 40, o -> o.otp("25")), provider("k8s-1", 0.05, 100, o -> o.otp("25")))
                .plan(web(), 5, Load.none());

        assertThat(plan.failed()).isTrue();
        assertThat(plan.shortfall()).isEqualTo(5);
        assertThat(plan.explanation())
                .isEqualTo(
                        "cannot place any of 5 web nodes: no provider offers otp >= 26: eu-local offers 25, k8s-1 offers 25");
        assertThat(plan.rejections())
                .containsExactly(
                        new Rejection("eu-local", Criterion.OTP, "26", "25"),
                        new Rejection("k8s-1", Criterion.OTP, "26", "25"));
    }

    @Test
    void namesEachProvidersOwnReasonWhenTheyDiffer() {
        FamilyConfig family = family("web", profile(1, 1024, "x86_64", "26", null, Map.of("disk", "ssd")), 100);

        Plan plan = broker(
                        provider("a", 0, 10, o -> o.architecture("arm64").label("disk", "ssd")),
                        provider("b", 0, 10, o -> o.otp("25").label("disk", "ssd")),
                        provider("c", 0, 10, o -> o.otp("24")))
                .plan(family, 1, Load.none());

        assertThat(plan.explanation())
                .isEqualTo("cannot place any of 1 web nodes: "
                        + "architecture x86_64 not met by a (offers arm64); "
                        + "otp >= 26 not met by b (offers 25), c (offers 24); "
                        + "label disk=ssd not met by c (offers no label disk)");
    }

    @Test
    void failsWhenEveryFittingProviderIsFull() {
        Load load = Load.none().with("a", "db", 10).with("b", "web", 4);

        Plan plan = broker(provider("a", 0, 10), provider("b", 1, 4)).plan(web(), 2, load);

        assertThat(plan.explanation())
                .isEqualTo("cannot place any of 2 web nodes: no provider has capacity left: "
                        + "a 10 of 10 nodes placed, b 4 of 4 nodes placed");
        assertThat(plan.rejections()).extracting(Rejection::criterion).containsOnly(Criterion.CAPACITY);
    }

    @Test
    void placesWhatItCanAndReportsTheShortfallWithReasons() {
        Plan plan = broker(provider("eu-local", 0, 40), provider("k8s-1", 0.05, 100, o -> o.otp("25")))
                .plan(web(), 50, Load.none());

        assertThat(plan.placements())
                .containsExactly(new Placement("eu-local", 40, "eu-local: cheapest fit with capacity 40"));
        assertThat(plan.shortfall()).isEqualTo(10);
        assertThat(plan.failed()).isFalse();
        assertThat(plan.explanation())
                .isEqualTo(
                        "placed 40 of 50 web nodes (eu-local 40); 10 short: "
                                + "otp >= 26 not met by k8s-1 (offers 25); full: eu-local (40 of 40 nodes placed, 40 by this plan)");
    }

    @Test
    void keepsTheFamilyWithinItsMaxNodes() {
        Load load = Load.none().with("a", "web", 4);

        Plan plan = broker(provider("a", 0, 100)).plan(family("web", profile(), 5), 3, load);

        assertThat(plan.placed()).isEqualTo(1);
        assertThat(plan.shortfall()).isEqualTo(2);
        assertThat(plan.explanation())
                .isEqualTo(
                        "placed 1 of 3 web nodes (a 1); 2 short: family web is limited to maxNodes 5 and has 4 placed");
    }

    @Test
    void rejectsAnUnknownFamilyByName() {
        assertThatThrownBy(() -> broker(provider("a", 0, 1)).plan("mail", 1, Load.none()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown family 'mail'; known: web");
    }

    @Test
    void placesAFamilyByNameWithItsConfiguredProfile() {
        Plan plan = broker(provider("new", 1, 10), provider("old", 0, 10, o -> o.otp("25")))
                .plan("web", 2, Load.none());

        assertThat(plan.placements()).containsExactly(new Placement("new", 2, "new: cheapest fit with capacity 10"));
        assertThat(plan.rejections()).containsExactly(new Rejection("old", Criterion.OTP, "26", "25"));
    }

    @Test
    void matchesTheProfileOfAScalingDecision() {
        CapabilityProfile decided = CapabilityProfile.newBuilder()
                .setCores(2)
                .setMemoryMb(2048)
                .setOtpVersion("27")
                .setLabels(Map.of())
                .build();

        Plan plan = broker(provider("a", 0, 10, o -> o.otp("26.2")), provider("b", 1, 10, o -> o.otp("27.1")))
                .plan(web().withProfile(Profile.from(decided)), 1, Load.none());

        assertThat(plan.placements()).extracting(Placement::provider).containsExactly("b");
    }

    @Test
    void placesTheExampleFamiliesOnTheProvidersThatFitThem() throws Exception {
        Path example = Path.of(getClass().getResource("/deployer-example.json").toURI());
        Broker broker = new Broker(DeployerConfig.load(example));

        Plan web = broker.plan("web", 60, Load.none());
        Plan db = broker.plan("db", 3, Load.none());

        assertThat(web.placements())
                .extracting(Placement::provider, Placement::count)
                .containsExactly(tuple("eu-local", 50), tuple("eu-ssh", 10));
        assertThat(web.rejections()).containsExactly(new Rejection("sim", Criterion.REGION, "eu-west", "lab"));
        assertThat(db.placements())
                .containsExactly(new Placement("eu-ssh", 3, "eu-ssh: cheapest fit with capacity 200"));
        assertThat(db.rejections())
                .extracting(Rejection::provider, Rejection::criterion)
                .containsExactly(
                        tuple("eu-local", Criterion.CORES),
                        tuple("eu-local", Criterion.MEMORY),
                        tuple("k8s-eu", Criterion.LABEL),
                        tuple("sim", Criterion.CORES),
                        tuple("sim", Criterion.MEMORY),
                        tuple("sim", Criterion.OTP),
                        tuple("sim", Criterion.LABEL));
    }
}
