package dev.baton.store;

import dev.baton.lock.LockEvent;
import dev.baton.lock.LockListener;
import dev.baton.lock.LockServiceSettings;
import dev.baton.lock.LockStore;
import dev.baton.lock.Locks;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

/**
 * The behavioural test suite of the lock service, run identically against every store: a subclass says how
 * to open a fresh, empty database of its store, and inherits every test. The tests themselves are grouped by
 * concept in the contract interfaces this class implements; this class owns the fixture: per test a fresh
 * database, a {@link TestClock}, and {@link Locks} with the default settings.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class LockServiceContract implements LockStoreContract, AcquireReleaseContract, PolicyContract,
        EventsContract, StalenessContract, WaitingContract, RaceContract, BadInputContract, ModelContract,
        AuthStoreContract, DlmEngineReleaseContract, PeopleContract, AuditTrailContract {

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final List<LockEvent> published = Collections.synchronizedList(new ArrayList<>());
    private final List<LockEvent> publishedBySecondServer = Collections.synchronizedList(new ArrayList<>());
    private TestClock clock;
    private Database database;
    private SqlLockStore store;
    private Locks locks;
    private Locks secondServer;

    /** Opens a new, empty database of the store under test. */
    protected abstract Database openFreshDatabase();

    /**
     * Opens the database of the last {@link #openFreshDatabase()} again, as a second server process would;
     * {@code null} when the store allows one server only (the embedded store): the second server then shares
     * the first one's database.
     */
    protected abstract Database openSameDatabaseAgain();

    /** Drops what {@link #openFreshDatabase()} created, after the test closed it. */
    protected void dropDatabase() {
    }

    @BeforeEach
    final void openFixture() {
        clock = TestClock.ticking();
        database = openFreshDatabase();
        toClose.add(database);
        store = new SqlLockStore(database, clock);
        locks = new Locks(store, LockServiceSettings.DEFAULTS, clock, published::add);
    }

    @AfterEach
    final void closeFixture() throws Exception {
        for (Thread t : threads) {
            t.interrupt();
        }
        for (Thread t : threads) {
            if (!t.join(java.time.Duration.ofSeconds(10))) {
                throw new AssertionError("thread " + t.getName() + " did not end within 10 s of its interrupt");
            }
        }
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
        dropDatabase();
    }

    @Override
    public Locks locks() {
        return locks;
    }

    @Override
    public synchronized Locks secondServer() {
        if (secondServer == null) {
            Database again = openSameDatabaseAgain();
            if (again != null) {
                toClose.add(again);
            }
            LockStore second = new SqlLockStore(again != null ? again : database, clock);
            secondServer = new Locks(second, LockServiceSettings.DEFAULTS, clock, publishedBySecondServer::add);
        }
        return secondServer;
    }

    @Override
    public Locks locksWith(InstantSource otherClock) {
        return new Locks(new SqlLockStore(database, otherClock), LockServiceSettings.DEFAULTS, otherClock, e -> { });
    }

    @Override
    public Locks locksOver(LockStore otherStore, LockServiceSettings settings, LockListener listener) {
        return new Locks(otherStore, settings, clock, listener);
    }

    @Override
    public TestClock clock() {
        return clock;
    }

    @Override
    public LockStore store() {
        return store;
    }

    @Override
    public Database database() {
        return database;
    }

    @Override
    public List<LockEvent> published() {
        synchronized (published) {
            return List.copyOf(published);
        }
    }

    @Override
    public List<LockEvent> publishedBySecondServer() {
        synchronized (publishedBySecondServer) {
            return List.copyOf(publishedBySecondServer);
        }
    }

    @Override
    public Thread startThread(String name, Runnable body) {
        Thread t = Thread.ofVirtual().name(name).unstarted(body);
        threads.add(t);
        t.start();
        return t;
    }
}
