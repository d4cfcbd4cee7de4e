package io.github.maintenance.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TS = 1614265330;
    private static final Instant NOW = Instant.ofEpochSecond(TS);

    @Test
    void aWhsecSecretSignsAsStandardWebhooksDoes() {
        WebhookSignature s = WebhookSignature.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

        assertThat(s.sign(ID, TS, BODY)).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void verificationNeedsAFreshTimestampAndOneMatchingSignature() {
        WebhookSignature s = WebhookSignature.of("plain secret");
        String sig = s.sign(ID, TS, BODY);
        Duration fiveMinutes = WebhookSignature.DEFAULT_TOLERANCE;

        assertThat(s.verify(ID, Long.toString(TS), BODY, sig, NOW, fiveMinutes)).isTrue();
        assertThat(s.verify(ID, Long.toString(TS), BODY, "v1,bm9wZQ== " + sig, NOW, fiveMinutes)).isTrue();
        assertThat(s.verify(ID, Long.toString(TS), BODY, sig, NOW.plusSeconds(301), fiveMinutes)).isFalse();
        assertThat(s.verify(ID, Long.toString(TS), BODY, sig, NOW.minusSeconds(301), fiveMinutes)).isFalse();
        assertThat(s.verify("msg_other", Long.toString(TS), BODY, sig, NOW, fiveMinutes)).isFalse();
        assertThat(s.verify(ID, Long.toString(TS + 1), BODY, sig, NOW, fiveMinutes)).isFalse();
        assertThat(s.verify(ID, "soon", BODY, sig, NOW, fiveMinutes)).isFalse();
        assertThat(s.verify(ID, Long.toString(TS), BODY, "v2," + sig.substring(3), NOW, fiveMinutes)).isFalse();
        assertThat(s.verify(ID, Long.toString(TS), BODY, "v1,***", NOW, fiveMinutes)).isFalse();
        assertThat(s.verify(null, Long.toString(TS), BODY, sig, NOW, fiveMinutes)).isFalse();
        assertThat(s.verify(ID, Long.toString(TS), BODY, null, NOW, fiveMinutes)).isFalse();
    }

    @Test
    void badSecretsAreRefused() {
        assertThatThrownBy(() -> WebhookSignature.of("")).hasMessage("the webhook secret must not be empty");
        assertThatThrownBy(() -> WebhookSignature.of("whsec_")).hasMessage("the webhook secret must not be empty");
        assertThatThrownBy(() -> WebhookSignature.of("whsec_%%%"))
                .hasMessage("a webhook secret starting with whsec_ must continue in Base64");
    }
}
