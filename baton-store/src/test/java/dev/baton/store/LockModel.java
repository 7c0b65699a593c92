package dev.baton.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The rules of the lock service restated as plainly as possible, without a store, threads or waiting: the
 * reference the model-based test compares the real service with, one operation at a time.
 */
final class LockModel {

    /** The server's default stale_after: none, so a lock without its own is never stale. */
    static final Duration DEFAULT_STALE_AFTER = null;
    static final int DEFAULT_SLOTS = 1;

    /** One operation of a random sequence. */
    record Op(Kind kind, String lock, String holder, int slots, Duration staleAfter, Duration lease, Duration by) {

        enum Kind {
            ACQUIRE, ACQUIRE_EXISTING, RELEASE, RELEASE_CREATING, FORCE_RELEASE, SET_SLOTS, ENABLE, DISABLE,
            FREEZE, UNFREEZE, FREEZE_FLEET, UNFREEZE_FLEET, SET_TIMING, ADVANCE, SWEEP
        }

        @Override
        public String toString() {
            return switch (kind) {
                case ACQUIRE, ACQUIRE_EXISTING, RELEASE, RELEASE_CREATING, FORCE_RELEASE ->
                        kind.name().toLowerCase() + "(" + lock + ", " + holder + ")";
                case SET_SLOTS -> "set_slots(" + lock + ", " + slots + ")";
                case SET_TIMING -> "set_timing(" + lock + ", stale=" + staleAfter + ", lease=" + lease + ")";
                case ADVANCE -> "advance(" + by + ")";
                case FREEZE_FLEET, UNFREEZE_FLEET, SWEEP -> kind.name().toLowerCase() + "()";
                default -> kind.name().toLowerCase() + "(" + lock + ")";
            };
        }

        /** A random operation on one of {@code locks} by one of {@code holders}; acquire and release most often. */
        static Op random(SplittableRandom r, List<String> locks, List<String> holders) {
            String lock = locks.get(r.nextInt(locks.size()));
            String holder = holders.get(r.nextInt(holders.size()));
            int dice = r.nextInt(100);
            Kind kind;
            if (dice < 30) {
                kind = Kind.ACQUIRE;
            } else if (dice < 33) {
                kind = Kind.ACQUIRE_EXISTING;
            } else if (dice < 52) {
                kind = Kind.RELEASE;
            } else if (dice < 54) {
                kind = Kind.RELEASE_CREATING;
            } else if (dice < 59) {
                kind = Kind.FORCE_RELEASE;
            } else if (dice < 67) {
                kind = Kind.SET_SLOTS;
            } else if (dice < 71) {
                kind = Kind.ENABLE;
            } else if (dice < 75) {
                kind = Kind.DISABLE;
            } else if (dice < 79) {
                kind = Kind.FREEZE;
            } else if (dice < 83) {
                kind = Kind.UNFREEZE;
            } else if (dice < 85) {
                kind = Kind.FREEZE_FLEET;
            } else if (dice < 87) {
                kind = Kind.UNFREEZE_FLEET;
            } else if (dice < 90) {
                kind = Kind.SET_TIMING;
            } else if (dice < 96) {
                kind = Kind.ADVANCE;
            } else {
                kind = Kind.SWEEP;
            }
            Duration[] stales = {null, Duration.ofMinutes(30), Duration.ofHours(2)};
            Duration[] leases = {null, null, Duration.ofMinutes(10), Duration.ofHours(1)};
            Duration by = Duration.ofMinutes(r.nextInt(4) == 0 ? r.nextInt(240) : r.nextInt(15)).plusMillis(r.nextInt(2));
            return new Op(kind, lock, holder, r.nextInt(5), stales[r.nextInt(stales.length)],
                    leases[r.nextInt(leases.length)], by);
        }
    }

    /** What an operation answers, and the events it writes ("TYPE lock holder", {@code -} for none). */
    record Outcome(String answer, List<String> events) {
    }

    record Hold(String holder, Instant acquiredAt, Instant renewedAt, boolean staleReported) {
    }

    static final class Lock {
        int slots;
        boolean enabled = true;
        boolean frozen;
        Duration staleAfter;
        Duration lease;
        final List<Hold> holders = new ArrayList<>();

        Lock(int slots) {
            this.slots = slots;
        }

        boolean isHeldBy(String holder) {
            return holders.stream().anyMatch(h -> h.holder().equals(holder));
        }

        /** Oldest first, ties by name: the order the store lists holders in. */
        List<Hold> holders() {
            return holders.stream().sorted(Comparator.comparing(Hold::acquiredAt).thenComparing(Hold::holder)).toList();
        }
    }

    final Map<String, Lock> locks = new TreeMap<>();
    boolean fleetFrozen;
    Instant now;

    LockModel(Instant now) {
        this.now = now;
    }

    Outcome apply(Op op) {
        List<String> events = new ArrayList<>();
        String answer = switch (op.kind()) {
            case ACQUIRE -> acquire(op.lock(), op.holder(), true, events);
            case ACQUIRE_EXISTING -> acquire(op.lock(), op.holder(), false, events);
            case RELEASE -> release(op.lock(), op.holder(), false, events);
            case RELEASE_CREATING -> release(op.lock(), op.holder(), true, events);
            case FORCE_RELEASE -> forceRelease(op.lock(), op.holder(), events);
            case SET_SLOTS -> setSlots(op.lock(), op.slots(), events);
            case ENABLE, DISABLE -> setEnabled(op.lock(), op.kind() == Op.Kind.ENABLE, events);
            case FREEZE -> freeze(op.lock(), events);
            case UNFREEZE -> unfreeze(op.lock(), events);
            case FREEZE_FLEET, UNFREEZE_FLEET -> {
                fleetFrozen = op.kind() == Op.Kind.FREEZE_FLEET;
                events.add(event(fleetFrozen ? "FREEZE" : "UNFREEZE", null, null));
                yield "ok";
            }
            case SET_TIMING -> {
                Lock l = existingOrCreated(op.lock(), DEFAULT_SLOTS, events);
                l.staleAfter = op.staleAfter();
                l.lease = op.lease();
                events.add(event("SETTINGS", op.lock(), null));
                yield "ok";
            }
            case ADVANCE -> {
                now = now.plus(op.by());
                yield "ok";
            }
            case SWEEP -> String.valueOf(sweep(events));
        };
        return new Outcome(answer, events);
    }

    private String acquire(String name, String holder, boolean create, List<String> events) {
        Lock l = locks.get(name);
        if (l == null) {
            if (!create) {
                return "NOT_FOUND";
            }
            l = existingOrCreated(name, DEFAULT_SLOTS, events);
        }
        expireLeases(name, l, events);
        if (l.isHeldBy(holder)) {
            l.holders.replaceAll(h -> h.holder().equals(holder) ? new Hold(holder, h.acquiredAt(), now, h.staleReported()) : h);
            return "ALREADY_HELD";
        }
        boolean frozen = l.frozen || fleetFrozen;
        if (l.enabled && !frozen && l.holders.size() < l.slots) {
            l.holders.add(new Hold(holder, now, now, false));
            events.add(event("ACQUIRE", name, holder));
            return "GRANTED";
        }
        events.add(event("REFUSE", name, holder));
        return !l.enabled ? "DISABLED" : frozen ? "FROZEN" : "FULL";
    }

    private String release(String name, String holder, boolean create, List<String> events) {
        Lock l = locks.get(name);
        if (l == null) {
            if (!create) {
                return "NOT_FOUND";
            }
            l = existingOrCreated(name, DEFAULT_SLOTS, events);
        }
        if (!l.enabled) {
            events.add(event("REFUSE", name, holder));
            return "DISABLED";
        }
        if (!l.isHeldBy(holder)) {
            return "NOT_HELD";
        }
        l.holders.removeIf(h -> h.holder().equals(holder));
        events.add(event("RELEASE", name, holder));
        return "RELEASED";
    }

    private String forceRelease(String name, String holder, List<String> events) {
        Lock l = locks.get(name);
        if (l == null) {
            return "NOT_FOUND";
        }
        if (!l.isHeldBy(holder)) {
            return "NOT_HELD";
        }
        l.holders.removeIf(h -> h.holder().equals(holder));
        events.add(event("FORCE_RELEASE", name, holder));
        return "RELEASED";
    }

    private String setSlots(String name, int slots, List<String> events) {
        Lock l = existingOrCreated(name, slots, events);
        if (l.slots != slots) {
            l.slots = slots;
            events.add(event("SLOTS", name, null));
        }
        return "ok";
    }

    private String setEnabled(String name, boolean enabled, List<String> events) {
        Lock l = locks.get(name);
        if (l == null) {
            return "NO_SUCH_LOCK";
        }
        if (l.enabled != enabled) {
            l.enabled = enabled;
            events.add(event(enabled ? "ENABLE" : "DISABLE", name, null));
        }
        return "ok";
    }

    private String freeze(String name, List<String> events) {
        Lock l = locks.get(name);
        if (l == null) {
            return "NO_SUCH_LOCK";
        }
        l.frozen = true;
        events.add(event("FREEZE", name, null));
        return "ok";
    }

    private String unfreeze(String name, List<String> events) {
        Lock l = locks.get(name);
        if (l == null) {
            return "NO_SUCH_LOCK";
        }
        if (l.frozen) {
            l.frozen = false;
            events.add(event("UNFREEZE", name, null));
        }
        return "ok";
    }

    private int sweep(List<String> events) {
        int written = 0;
        for (Map.Entry<String, Lock> e : locks.entrySet()) {
            Lock l = e.getValue();
            boolean due = l.holders.stream().anyMatch(h -> isStale(l, h) && !h.staleReported() || leaseExpired(l, h));
            if (!due) {
                continue;
            }
            written += expireLeases(e.getKey(), l, events);
            for (Hold h : l.holders()) {
                if (isStale(l, h) && !h.staleReported()) {
                    l.holders.replaceAll(x -> x == h ? new Hold(h.holder(), h.acquiredAt(), h.renewedAt(), true) : x);
                    events.add(event("STALE", e.getKey(), h.holder()));
                    written++;
                }
            }
        }
        return written;
    }

    private int expireLeases(String name, Lock l, List<String> events) {
        int expired = 0;
        for (Hold h : l.holders()) {
            if (leaseExpired(l, h)) {
                l.holders.remove(h);
                events.add(event("EXPIRE", name, h.holder()));
                expired++;
            }
        }
        return expired;
    }

    boolean isStale(Lock l, Hold h) {
        Duration limit = l.staleAfter != null ? l.staleAfter : DEFAULT_STALE_AFTER;
        return limit != null && h.acquiredAt().plus(limit).isBefore(now);
    }

    private boolean leaseExpired(Lock l, Hold h) {
        return l.lease != null && !h.renewedAt().plus(l.lease).isAfter(now);
    }

    private Lock existingOrCreated(String name, int slots, List<String> events) {
        return locks.computeIfAbsent(name, n -> {
            events.add(event("CREATE", n, null));
            return new Lock(slots);
        });
    }

    static String event(String type, String lock, String holder) {
        return type + " " + (lock == null ? "-" : lock) + " " + (holder == null ? "-" : holder);
    }
}
