package io.github.maintenance.spring.boot;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.convert.DurationUnit;

/** The maintenance page: {@code maintenance.page.*}. */
public class PageProperties {

    /** Page title and heading; the default is translated. */
    private String title = "Down for maintenance";

    /** The message on the page; the default is translated. */
    private String message = "We are performing scheduled maintenance. We will be back shortly.";

    /** How often the page reloads itself; 0 turns it off. */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration refresh = Duration.ofSeconds(30);

    /** A page template: a file path or classpath:name. The built-in page when not set. */
    private String template;

    /**
     * Named page templates a maintenance entry chooses with its template option: name (letters,
     * digits, '.', '_', '-') to a file path or classpath:name (no ',').
     */
    private Map<String, String> templates = new LinkedHashMap<>();

    /**
     * Language tags of the page, the default first; one tag fixes the language. When empty: en, de,
     * fr, es, it, nl and the languages of the texts file.
     */
    private List<String> languages = new ArrayList<>();

    /** A properties file of translations (de.title=...): a file path or classpath:name. */
    private String texts;

    /** Further messages to rotate through (none may contain '|'). */
    private List<String> messages = new ArrayList<>();

    /** How often the page rotates its messages, 1s to 1h. */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration rotateInterval = Duration.ofSeconds(8);

    /** Whether a Refresh header is sent too. */
    private boolean refreshHeader = false;

    /** What custom page URLs may reach. */
    @NestedConfigurationProperty
    private final PageUrlProperties url = new PageUrlProperties();

    /** The defaults. */
    public PageProperties() {
    }

    public String getTitle() {
        return title;
    }

    public void setTitle(String title) {
        this.title = title;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public Duration getRefresh() {
        return refresh;
    }

    public void setRefresh(Duration refresh) {
        this.refresh = refresh;
    }

    public String getTemplate() {
        return template;
    }

    public void setTemplate(String template) {
        this.template = template;
    }

    public Map<String, String> getTemplates() {
        return templates;
    }

    public void setTemplates(Map<String, String> templates) {
        this.templates = templates;
    }

    public List<String> getLanguages() {
        return languages;
    }

    public void setLanguages(List<String> languages) {
        this.languages = languages;
    }

    public String getTexts() {
        return texts;
    }

    public void setTexts(String texts) {
        this.texts = texts;
    }

    public List<String> getMessages() {
        return messages;
    }

    public void setMessages(List<String> messages) {
        this.messages = messages;
    }

    public Duration getRotateInterval() {
        return rotateInterval;
    }

    public void setRotateInterval(Duration rotateInterval) {
        this.rotateInterval = rotateInterval;
    }

    public boolean isRefreshHeader() {
        return refreshHeader;
    }

    public void setRefreshHeader(boolean refreshHeader) {
        this.refreshHeader = refreshHeader;
    }

    public PageUrlProperties getUrl() {
        return url;
    }
}
