package io.numbat.deployer.broker;

import static io.numbat.deployer.broker.Fixtures.offer;
import static io.numbat.deployer.broker.Fixtures.profile;
import static org.assertj.core.api.Assertions.assertThat;

import io.numbat.deployer.config.Offer;
import io.numbat.deployer.config.Profile;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One row per criterion: a profile, an offer (by default 4 cores, 8 GiB, x86_64, OTP 26.2, eu-west), the verdict. */
class ProfileMatcherTest {
    private static final Map<String, String> NONE = Map.of();

    static Stream<Arguments> cases() {
        return Stream.of(
                fits(
                        "everything required is offered",
                        profile(4, 8192, "x86_64", "26.2", "eu-west", NONE),
                        offer(o -> o)),
                fits(
                        "nothing required",
                        profile(),
                        offer(o -> o.architecture(null).otp(null).region(null))),
                misses(
                        "too few cores",
                        profile(8, 1024, null, null, null, NONE),
                        offer(o -> o),
                        Criterion.CORES,
                        "8",
                        "4"),
                fits("exactly the cores", profile(4, 1024, null, null, null, NONE), offer(o -> o)),
                misses(
                        "too little memory",
                        profile(1, 16384, null, null, null, NONE),
                        offer(o -> o),
                        Criterion.MEMORY,
                        "16384",
                        "8192"),
                misses(
                        "another architecture",
                        profile(1, 1, "x86_64", null, null, NONE),
                        offer(o -> o.architecture("arm64")),
                        Criterion.ARCHITECTURE,
                        "x86_64",
                        "arm64"),
                misses(
                        "no architecture offered",
                        profile(1, 1, "x86_64", null, null, NONE),
                        offer(o -> o.architecture(null)),
                        Criterion.ARCHITECTURE,
                        "x86_64",
                        "no architecture"),
                fits("any architecture when none required", profile(), offer(o -> o.architecture("arm64"))),
                misses(
                        "older otp",
                        profile(1, 1, null, "26", null, NONE),
                        offer(o -> o.otp("25")),
                        Criterion.OTP,
                        "26",
                        "25"),
                misses(
                        "older otp minor release",
                        profile(1, 1, null, "26.2", null, NONE),
                        offer(o -> o.otp("26.1.9")),
                        Criterion.OTP,
                        "26.2",
                        "26.1.9"),
                fits(
                        "newer otp compared numerically",
                        profile(1, 1, null, "26.2", null, NONE),
                        offer(o -> o.otp("26.10"))),
                fits("same otp written longer", profile(1, 1, null, "26", null, NONE), offer(o -> o.otp("26.0"))),
                misses(
                        "no otp offered (a JVM provider)",
                        profile(1, 1, null, "26", null, NONE),
                        offer(o -> o.otp(null)),
                        Criterion.OTP,
                        "26",
                        "no otp"),
                misses(
                        "another region",
                        profile(1, 1, null, null, "us-east", NONE),
                        offer(o -> o),
                        Criterion.REGION,
                        "us-east",
                        "eu-west"),
                misses(
                        "no region offered",
                        profile(1, 1, null, null, "us-east", NONE),
                        offer(o -> o.region(null)),
                        Criterion.REGION,
                        "us-east",
                        "no region"),
                misses(
                        "missing label",
                        profile(1, 1, null, null, null, Map.of("disk", "ssd")),
                        offer(o -> o),
                        Criterion.LABEL,
                        "disk=ssd",
                        "no label disk"),
                misses(
                        "label with another value",
                        profile(1, 1, null, null, null, Map.of("disk", "ssd")),
                        offer(o -> o.label("disk", "hdd")),
                        Criterion.LABEL,
                        "disk=ssd",
                        "disk=hdd"),
                fits(
                        "required label among others",
                        profile(1, 1, null, null, null, Map.of("disk", "ssd")),
                        offer(o -> o.label("disk", "ssd").label("gpu", "none"))));
    }

    private static Arguments fits(String name, Profile profile, Offer offer) {
        return Arguments.of(name, profile, offer, List.of());
    }

    private static Arguments misses(
            String name, Profile profile, Offer offer, Criterion criterion, String required, String offered) {
        return Arguments.of(name, profile, offer, List.of(new Rejection("p", criterion, required, offered)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesEachCriterion(String name, Profile profile, Offer offer, List<Rejection> expected) {
        assertThat(ProfileMatcher.mismatches("p", profile, offer)).isEqualTo(expected);
        assertThat(ProfileMatcher.fits(profile, offer)).isEqualTo(expected.isEmpty());
    }

    @Test
    void listsEveryCriterionAnOfferFails() {
        Profile demanding = profile(16, 65536, "arm64", "27", "us-east", Map.of("disk", "ssd"));

        assertThat(ProfileMatcher.mismatches("p", demanding, offer(o -> o)))
                .extracting(Rejection::criterion)
                .containsExactly(
                        Criterion.CORES,
                        Criterion.MEMORY,
                        Criterion.ARCHITECTURE,
                        Criterion.OTP,
                        Criterion.REGION,
                        Criterion.LABEL);
    }
}
