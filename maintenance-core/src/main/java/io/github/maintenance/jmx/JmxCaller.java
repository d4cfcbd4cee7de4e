package io.github.maintenance.jmx;

import io.github.maintenance.Cause;

import javax.security.auth.Subject;

import java.lang.reflect.Method;
import java.security.Principal;
import java.util.Comparator;
import java.util.Set;

/**
 * Who calls an MBean operation: the name of the principal that the JMX connector's authenticator
 * (for example {@code com.sun.management.jmxremote.password.file}) put on the calling thread's
 * subject. Empty for a local call or a connector without authentication.
 *
 * <p>The subject is read with {@code Subject.current()} where the runtime has it (Java 18 and
 * later) and with {@code Subject.getSubject(AccessController.getContext())} on Java 17, where the
 * RMI connector runs each remote call inside the authenticated subject. A runtime that offers
 * neither gives an empty actor; the change itself is never refused for it.
 */
final class JmxCaller {

    /** The longest actor name taken from a principal. */
    static final int MAX_ACTOR_LENGTH = 128;

    private static final Method CURRENT = currentMethod();

    private JmxCaller() {
    }

    /** {@return the cause of a change made by the calling JMX client} */
    static Cause cause() {
        return Cause.of(Cause.Source.JMX, actor(subject()));
    }

    /**
     * The actor for a subject: the name of its {@code JMXPrincipal} if it has one, else of its
     * first principal by name; control characters dropped, cut to {@value #MAX_ACTOR_LENGTH}
     * characters; empty for no subject.
     */
    static String actor(Subject subject) {
        if (subject == null) {
            return "";
        }
        Set<Principal> principals = subject.getPrincipals();
        Principal chosen = principals.stream()
                .filter(p -> p instanceof javax.management.remote.JMXPrincipal)
                .findFirst()
                .orElseGet(() -> principals.stream()
                        .min(Comparator.comparing(p -> String.valueOf(p.getName())))
                        .orElse(null));
        if (chosen == null || chosen.getName() == null) {
            return "";
        }
        StringBuilder name = new StringBuilder();
        chosen.getName().codePoints()
                .filter(c -> !Character.isISOControl(c))
                .limit(MAX_ACTOR_LENGTH)
                .forEach(name::appendCodePoint);
        return name.toString();
    }

    @SuppressWarnings("removal")
    private static Subject subject() {
        try {
            if (CURRENT != null) {
                return (Subject) CURRENT.invoke(null);
            }
            return Subject.getSubject(java.security.AccessController.getContext());
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static Method currentMethod() {
        try {
            return Subject.class.getMethod("current");
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
