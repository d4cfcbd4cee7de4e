/** {@code maintenancectl}, the command-line client of the registry. */
module io.github.maintenance.ctl {
    requires io.github.maintenance.registry;
    requires info.picocli;

    exports io.github.maintenance.ctl;
    opens io.github.maintenance.ctl to info.picocli;
}
