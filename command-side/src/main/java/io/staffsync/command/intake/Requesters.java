package io.staffsync.command.intake;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

import java.security.Principal;

/** Builds a {@link Requester} from whatever principal the transport authenticated. */
final class Requesters {

    static final String EDITOR_AUTHORITY = "ROLE_EDITOR";

    private Requesters() {
    }

    static Requester of(Principal user, String clientId) {
        if (user == null) {
            return new Requester("anonymous", clientId, false);
        }
        boolean mayEdit = user instanceof Authentication authentication && authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority).anyMatch(EDITOR_AUTHORITY::equals);
        return new Requester(user.getName(), clientId, mayEdit);
    }
}
