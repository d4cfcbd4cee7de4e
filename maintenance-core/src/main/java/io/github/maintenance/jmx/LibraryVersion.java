package io.github.maintenance.jmx;

import io.github.maintenance.MaintenanceController;

/** The version of this library: the module's version, else the jar manifest's, else {@code unknown}. */
final class LibraryVersion {

    static final String VALUE = find();

    private LibraryVersion() {
    }

    private static String find() {
        Module m = MaintenanceController.class.getModule();
        if (m.getDescriptor() != null && m.getDescriptor().rawVersion().isPresent()) {
            return m.getDescriptor().rawVersion().get();
        }
        String v = MaintenanceController.class.getPackage().getImplementationVersion();
        return v == null || v.isBlank() ? "unknown" : v;
    }
}
