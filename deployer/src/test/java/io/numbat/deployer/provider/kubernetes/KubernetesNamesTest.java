package io.numbat.deployer.provider.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KubernetesNamesTest {
    @Test
    void nodeNameThatIsADnsLabelIsThePodName() {
        assertThat(KubernetesNames.podName("web-1a2b3c-7")).isEqualTo("web-1a2b3c-7");
    }

    @Test
    void otherNodeNamesAreLowerCasedAndKeptApartByAHash() {
        String a = KubernetesNames.podName("Web_7");
        String b = KubernetesNames.podName("web.7");

        assertThat(a).matches("web-7-[0-9a-f]{6}");
        assertThat(b).matches("web-7-[0-9a-f]{6}");
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void longNodeNamesFitIn63Characters() {
        String pod = KubernetesNames.podName("a".repeat(100) + "_x");

        assertThat(pod).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    }
}
