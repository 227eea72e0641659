package io.staffsync.app.security;

import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;

/**
 * The roles and what each implies: {@code ADMIN} holds every other role, an {@code EDITOR} may also do what a
 * {@code VIEWER} may. {@code ANALYST} and {@code AUDITOR} imply nothing: an analyst reads figures, not people.
 */
public final class Roles {

    public static final String ADMIN = "ADMIN";
    public static final String AUDITOR = "AUDITOR";
    public static final String ANALYST = "ANALYST";
    public static final String EDITOR = "EDITOR";
    public static final String VIEWER = "VIEWER";

    private Roles() {
    }

    static RoleHierarchy hierarchy() {
        return RoleHierarchyImpl.withDefaultRolePrefix()
                .role(ADMIN).implies(AUDITOR, ANALYST, EDITOR)
                .role(EDITOR).implies(VIEWER)
                .build();
    }
}
