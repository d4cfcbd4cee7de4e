package io.github.maintenance.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The BOM ({@code maintenance-bom/pom.xml}) against the build: it manages exactly the published
 * modules of the root POM (those that do not set {@code maintenance.unpublished} to true), each at
 * {@code ${project.version}}, and, having no parent so that it brings users nothing else, it carries
 * the build's version itself.
 */
class BomListsEveryPublishedModuleTest {

    private static final String GROUP = "io.github.maintenance";

    private static Path root;
    private static Element rootPom;
    private static Element bom;

    @BeforeAll
    static void readPoms() throws Exception {
        root = Path.of(System.getProperty("maintenance.root", "..")).toAbsolutePath().normalize();
        rootPom = read(root.resolve("pom.xml"));
        bom = read(root.resolve("maintenance-bom/pom.xml"));
    }

    @Test
    void managesExactlyThePublishedModules() throws Exception {
        TreeSet<String> published = new TreeSet<>();
        for (String module : texts(child(rootPom, "modules"), "module")) {
            Element pom = read(root.resolve(module).resolve("pom.xml"));
            String artifactId = text(pom, "artifactId");
            boolean unpublished = "true".equals(text(child(pom, "properties"), "maintenance.unpublished"));
            if (!unpublished && !artifactId.equals("maintenance-bom")) {
                published.add(artifactId);
            }
        }
        Map<String, String> managed = new TreeMap<>();
        for (Element dependency : children(child(child(bom, "dependencyManagement"), "dependencies"), "dependency")) {
            assertThat(text(dependency, "groupId")).as("groupId in the BOM").isEqualTo(GROUP);
            assertThat(text(dependency, "type")).as("type of %s", text(dependency, "artifactId")).isNull();
            assertThat(text(dependency, "scope")).as("scope of %s", text(dependency, "artifactId")).isNull();
            managed.put(text(dependency, "artifactId"), text(dependency, "version"));
        }

        assertThat(published).as("published modules of the build").contains("maintenance-core");
        assertThat(managed.keySet()).as("artifacts the BOM manages").containsExactlyElementsOf(published);
        assertThat(managed).allSatisfy((artifact, version) ->
                assertThat(version).as("version of %s", artifact).isEqualTo("${project.version}"));
    }

    @Test
    void standsAloneAtTheBuildVersion() {
        assertThat(child(bom, "parent")).as("the BOM's parent").isNull();
        assertThat(text(bom, "groupId")).isEqualTo(text(rootPom, "groupId"));
        assertThat(text(bom, "version")).as("the BOM's version").isEqualTo(text(rootPom, "version"));
        assertThat(text(bom, "packaging")).isEqualTo("pom");
        assertThat(texts(child(rootPom, "modules"), "module")).contains("maintenance-bom");
        // What Maven Central requires of every POM, which the BOM cannot inherit.
        for (String element : List.of("name", "description", "url", "licenses", "developers", "scm")) {
            assertThat(child(bom, element)).as("<%s> in the BOM", element).isNotNull();
        }
        assertThat(text(child(bom, "scm"), "url")).isEqualTo(text(child(rootPom, "scm"), "url"));
    }

    private static Element read(Path pom) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        try (var in = Files.newInputStream(pom)) {
            Document document = factory.newDocumentBuilder().parse(in);
            return document.getDocumentElement();
        }
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        if (parent == null) {
            return found;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                found.add(e);
            }
        }
        return found;
    }

    private static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().trim();
    }

    private static List<String> texts(Element parent, String name) {
        return children(parent, name).stream().map(e -> e.getTextContent().trim()).toList();
    }
}
