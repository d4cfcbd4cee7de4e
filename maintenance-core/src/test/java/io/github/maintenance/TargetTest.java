package io.github.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.maintenance.route.Route;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

class TargetTest {

    @Test
    void allIsTheWholeApplication() {
        assertThat(Target.parse("ALL").isAll()).isTrue();
        assertThat(Target.parse("  ALL ")).isSameAs(Target.all());
        assertThat(Target.all().items()).isEmpty();
        assertThat(Target.all()).hasToString("ALL");
    }

    @Test
    void aListIsTrimmedAndDeduplicatedInOrder() {
        Target t = Target.parse(" r2 , /api, shop.example.com,r2 ");

        assertThat(t.isAll()).isFalse();
        assertThat(t.items()).containsExactly("r2", "/api", "shop.example.com");
        assertThat(t).hasToString("r2,/api,shop.example.com");
        assertThat(t).isEqualTo(Target.of("r2", "/api", "shop.example.com"));
        assertThat(t).hasSameHashCodeAs(Target.of("r2", "/api", "shop.example.com"));
    }

    @Test
    void itemsAreClassifiedAsPathsDomainsOrIds() {
        assertThat(Target.isPathItem("/api")).isTrue();
        assertThat(Target.isDomainItem("/api.v1")).isFalse();
        assertThat(Target.isDomainItem("shop.example.com")).isTrue();
        assertThat(Target.isDomainItem("*.example.com")).isTrue();
        assertThat(Target.isPathItem("admin")).isFalse();
        assertThat(Target.isDomainItem("admin")).isFalse();
    }

    @Test
    void pathAndDomainItemsSelectRoutesAsTheControllerDoes() {
        Route admin = Route.builder("admin").path("/admin").build();
        Route shop = Route.builder("shop").domains("shop.example.com").build();
        Route blogs = Route.builder("blogs").domains("*.blog.example.com").build();

        assertThat(Target.selects("/admin/", admin)).as("normalised first").isTrue();
        assertThat(Target.selects("/admin/x", admin)).as("the exact prefix, not a path under it").isFalse();
        assertThat(Target.selects("/", Route.catchAll())).isTrue();
        assertThat(Target.selects("SHOP.example.com", shop)).isTrue();
        assertThat(Target.selects("shop.example.com", admin)).as("a route for any host names none").isFalse();
        assertThat(Target.selects("a.blog.example.com", blogs)).as("through the wildcard").isTrue();
        assertThat(Target.selects("*.blog.example.com", blogs)).isTrue();
        assertThat(Target.selects("*.example.com", blogs)).as("another wildcard").isFalse();
        assertThatThrownBy(() -> Target.selects("/a//b", admin)).isInstanceOf(MaintenanceException.class);
        assertThatThrownBy(() -> Target.selects("admin", admin)).isInstanceOf(MaintenanceException.class)
                .hasMessage("invalid target 'admin': neither a path nor a domain");
    }

    @Test
    void thirtyTwoItemsAreAcceptedAndThirtyThreeRefused() {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < Target.MAX_ITEMS; i++) {
            items.add("r" + i);
        }
        assertThat(Target.parse(String.join(",", items)).items()).hasSize(32);

        items.add("r32");
        String tooMany = String.join(",", items);
        assertThatThrownBy(() -> Target.parse(tooMany))
                .isInstanceOf(MaintenanceException.class)
                .hasMessageEndingWith("': more than 32 items");
    }

    @Test
    void repeatedItemsDoNotCountAgainstTheLimit() {
        String repeated = String.join(",", java.util.Collections.nCopies(100, "r1"));

        assertThat(Target.parse(repeated).items()).containsExactly("r1");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "''          ; invalid target '': target cannot be empty",
        "'   '       ; invalid target '   ': target cannot be empty",
        "a,,b        ; invalid target 'a,,b': empty item",
        "a,          ; invalid target 'a,': empty item",
        "',a'        ; invalid target ',a': empty item",
        "ALL,r1      ; invalid target 'ALL,r1': ALL cannot be combined with other items",
        "a b         ; invalid target 'a b': items must not contain spaces, control characters or '|'",
        "'a\tb'      ; invalid target 'a?b': items must not contain spaces, control characters or '|'",
    })
    void garbageIsRefusedWithTheRule(String text, String message) {
        assertThatThrownBy(() -> Target.parse(text))
                .isInstanceOf(MaintenanceException.class)
                .hasMessage(message);
    }

    @Test
    void nullAndPipesAreRefused() {
        assertThatThrownBy(() -> Target.parse(null))
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("invalid target 'null': target cannot be empty");
        assertThatThrownBy(() -> Target.parse("a|b"))
                .isInstanceOf(MaintenanceException.class)
                .hasMessage("invalid target 'a|b': items must not contain spaces, control characters or '|'");
    }

    @Test
    void overlongInputIsEchoedShortened() {
        String huge = "x".repeat(5000) + " y";

        assertThatThrownBy(() -> Target.parse(huge))
                .isInstanceOf(MaintenanceException.class)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300).contains("..."));
    }
}
