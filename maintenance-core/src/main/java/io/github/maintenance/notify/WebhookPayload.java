package io.github.maintenance.notify;

import io.github.maintenance.internal.Json;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The request bodies of {@link WebhookNotifier}: its JSON document, or a Slack-compatible message. */
final class WebhookPayload {

    private WebhookPayload() {
    }

    static byte[] body(Notification n, WebhookNotifier.Format format) {
        String text = format == WebhookNotifier.Format.SLACK ? slack(n) : json(n);
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * {@code {"type":"maintenance_entered","instance":...,"time":"...Z","routes":[...],"source":"registry",
     * "actor":"ops","detail":"..."}}.
     */
    static String json(Notification n) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\"type\":");
        Json.string(n.type().wireName(), sb);
        sb.append(",\"instance\":");
        Json.string(n.instance(), sb);
        sb.append(",\"time\":");
        Json.string(n.at().toString(), sb);
        sb.append(",\"routes\":").append(Json.stringArray(n.routeIds()));
        sb.append(",\"source\":");
        Json.string(n.cause().source().name().toLowerCase(Locale.ROOT), sb);
        sb.append(",\"actor\":");
        Json.string(n.cause().actor(), sb);
        sb.append(",\"detail\":");
        Json.string(n.detail(), sb);
        return sb.append('}').toString();
    }

    /**
     * {@code {"text":"[instance] Maintenance entered on admin by ops (registry): detail"}}, with
     * {@code &}, {@code <} and {@code >} written as Slack requires ({@code &amp;}, {@code &lt;},
     * {@code &gt;}) so that no text from a change (a reason, an actor) can form a link or a mention.
     */
    static String slack(Notification n) {
        String text = n.summary().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return "{\"text\":" + Json.string(text) + "}";
    }
}
