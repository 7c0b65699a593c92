package dev.baton.web;

import dev.baton.audit.Actor;
import dev.baton.auth.Access;
import dev.baton.auth.Permission;
import dev.baton.auth.Principal;
import dev.baton.hosts.Host;
import dev.baton.hosts.HostRegistry;
import dev.baton.lock.Protocol;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * The one gate every door's requests pass, the native API's included, so that each door only reads its protocol:
 * <ol>
 *   <li><b>who is calling</b>: a user or API credential ({@link #caller}, 401), or a host by its verified client
 *       certificate ({@link #certifiedHost}, Foreman's identity);</li>
 *   <li><b>may it do this</b>: act as this holder ({@link #admit}), or use a permission on a lock or host
 *       ({@link #require}); every check goes through {@link Access}, 403 otherwise;</li>
 *   <li><b>the host's check-in</b>: the registered host that goes by the holder's name is noted as seen, through this
 *       protocol.</li>
 * </ol>
 * Refusals of identity (wrong credentials, an unknown certificate), barred hosts and automatic registrations are
 * noted in the {@link RefusalLog} with the client's address.
 *
 * <p>The gate sits on every lock request, so it adds no store read to one: the host registry looks a holder name
 * up and writes its check-in at most once per {@link HostRegistry#CHECK_IN_INTERVAL}.
 */
public final class HolderGate {

    private final Authenticator authenticator;
    private final HostRegistry hosts;
    private final RefusalLog refusals;
    private final boolean autoRegister;

    /**
     * @param autoRegister a verified client certificate whose CN is no known host registers that host
     *                     ({@code --auto-register-hosts}) instead of being refused
     */
    public HolderGate(Authenticator authenticator, HostRegistry hosts, RefusalLog refusals, boolean autoRegister) {
        this.authenticator = authenticator;
        this.hosts = hosts;
        this.refusals = refusals;
        this.autoRegister = autoRegister;
    }

    // ------------------------------------------------------------------ who is calling

    /** The caller, or 401 (with a {@code WWW-Authenticate} challenge) when its credentials are missing or wrong. */
    public Principal caller(Context ctx) {
        return authenticator.require(ctx);
    }

    /** The caller, or empty when no or wrong credentials came (429 when its address failed too often). */
    public Optional<Principal> findCaller(Context ctx) {
        return authenticator.find(ctx);
    }

    /**
     * The caller, when it may use {@code permission} on {@code target} ({@link Access#require}); 401 without
     * credentials, 403 ({@link dev.baton.auth.ForbiddenException}) when its role or scopes do not allow it.
     *
     * @param target the lock or host name the action concerns, or {@code null} for fleet-wide actions and listings
     */
    public Principal require(Context ctx, Permission permission, String target) {
        return Access.require(caller(ctx), permission, target);
    }

    /**
     * The caller, when its role grants {@code permission} (or one of {@code others}) on anything ({@link
     * Access#requireRole}): for a route whose target is in its body, before the body is read. 401, 403.
     */
    public Principal callerWhoMay(Context ctx, Permission permission, Permission... others) {
        return Access.requireRole(caller(ctx), permission, others);
    }

    /** Who the audit trail names for a request of {@code caller}: its name, how it signed in, and the client's address. */
    public Actor actor(Context ctx, Principal caller) {
        return new Actor(caller.name(), authenticator.via(ctx), authenticator.clientAddress(ctx));
    }

    // ------------------------------------------------------------------ may it act as this holder

    /** The caller, allowed to take and give back slots as {@code holder}; 401, 403. Checks the holder's host in. */
    public Principal holder(Context ctx, String holder, Protocol protocol) {
        Principal caller = caller(ctx);
        admit(caller, holder, protocol);
        return caller;
    }

    /** 403 unless {@code caller} may take and give back slots as {@code holder}. Checks the holder's host in. */
    public void admit(Principal caller, String holder, Protocol protocol) {
        Access.require(caller, Permission.HOLD, holder);
        checkIn(holder, protocol);
    }

    /** 403 unless {@code caller} may report an agent's progress for {@code host}. Checks the host in. */
    public void admitReporter(Principal caller, String host, Protocol protocol) {
        Access.require(caller, Permission.REPORT_PROGRESS, host);
        checkIn(host, protocol);
    }

    /**
     * For a request that names no holder (DLM Engine v2 release acts for the credential's own holder names): 403
     * unless the caller may hold as someone. Checks in the hosts of its holder names.
     */
    public void admitOwnHolders(Principal caller, Protocol protocol) {
        if (caller.holders().isEmpty()) {
            Access.require(caller, Permission.HOLD, null);
        }
        caller.holders().forEach(h -> admit(caller, h, protocol));
    }

    /**
     * Notes that the host going by {@code holder} (its name or an alias) called through {@code protocol}; for doors
     * that are open to unauthenticated callers (FleetLock groups without auth). Never fails the request.
     */
    public void checkIn(String holder, Protocol protocol) {
        hosts.checkIn(holder, protocol.wireName());
    }

    // ------------------------------------------------------------------ hosts by certificate

    /** The subject CN of the request's verified client certificate, lower-cased; empty without one. */
    public Optional<String> certificateName(Context ctx) {
        return ClientCertificate.commonName(ctx);
    }

    /**
     * The registered host that the verified certificate name {@code cn} names (name or alias), checked in. An unknown
     * one is registered now when automatic registration is on, else empty; both are noted in the refusal log.
     */
    public Optional<Host> certifiedHost(Context ctx, String cn, Protocol protocol) {
        Optional<Host> known = hosts.find(cn);
        Host host;
        if (known.isPresent()) {
            host = known.get();
        } else if (autoRegister) {
            host = hosts.register(cn);
            refusals.note(RefusalLog.Kind.HOST_REGISTERED, authenticator.clientAddress(ctx),
                    "'" + host.name() + "' by its client certificate, through " + protocol.wireName());
        } else {
            refusals.note(RefusalLog.Kind.UNKNOWN_CERTIFICATE, authenticator.clientAddress(ctx),
                    "CN '" + RefusalLog.printable(cn) + "' is no known host (add it with 'baton hosts add', "
                            + "or start the server with --auto-register-hosts)");
            return Optional.empty();
        }
        hosts.checkIn(host, protocol.wireName());
        return Optional.of(host);
    }

    /** Whether the host may take update locks ({@code can_acquire_update_locks}); a barred one is noted. */
    public boolean mayTakeUpdateLocks(Context ctx, Host host) {
        if (!host.canAcquireUpdateLocks()) {
            refusals.note(RefusalLog.Kind.HOST_DENIED, authenticator.clientAddress(ctx),
                    "'" + host.name() + "' (can_acquire_update_locks=false; 'baton hosts allow' lifts it)");
            return false;
        }
        return true;
    }
}
