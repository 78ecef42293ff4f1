package org.ibal.functions.config;

import com.nimbusds.jose.jwk.ECKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import java.util.function.Supplier;
import org.ibal.functions.adapter.dynamo.DynamoAccountStore;
import org.ibal.functions.adapter.dynamo.DynamoClassStore;
import org.ibal.functions.adapter.dynamo.DynamoConnectionStore;
import org.ibal.functions.adapter.dynamo.DynamoCredentialStore;
import org.ibal.functions.adapter.dynamo.DynamoFamilyPrincipalStore;
import org.ibal.functions.adapter.dynamo.DynamoInvites;
import org.ibal.functions.adapter.dynamo.DynamoProbe;
import org.ibal.functions.adapter.dynamo.DynamoRateLimiter;
import org.ibal.functions.adapter.dynamo.DynamoReplayGuard;
import org.ibal.functions.adapter.dynamo.DynamoRunningReplies;
import org.ibal.functions.adapter.dynamo.DynamoSessionStore;
import org.ibal.functions.adapter.dynamo.DynamoUsageStore;
import org.ibal.functions.adapter.dynamo.DynamoUserStore;
import org.ibal.functions.adapter.model.ChatModels;
import org.ibal.functions.adapter.model.DemoChatModel;
import org.ibal.functions.adapter.password.BcryptPasswordHasher;
import org.ibal.functions.adapter.password.CommonPasswords;
import org.ibal.functions.adapter.push.ManagementApiPusher;
import org.ibal.functions.adapter.token.NimbusTokenService;
import org.ibal.functions.adapter.token.SigningKeySource;
import org.ibal.functions.adapter.token.SigningKeyWarmUp;
import org.ibal.functions.domain.auth.AccountRules;
import org.ibal.functions.domain.auth.AuthLimits;
import org.ibal.functions.domain.auth.AuthService;
import org.ibal.functions.domain.auth.ConnectService;
import org.ibal.functions.domain.auth.ExternalTokenIssuer;
import org.ibal.functions.domain.auth.PasswordPolicy;
import org.ibal.functions.domain.chat.ChatLimits;
import org.ibal.functions.domain.chat.ChatService;
import org.ibal.functions.domain.chat.CoalescingDeltaSink;
import org.ibal.functions.domain.chat.ReplyStreamer;
import org.ibal.functions.domain.chat.Streaming;
import org.ibal.functions.domain.classes.AdminUsers;
import org.ibal.functions.domain.classes.ClassService;
import org.ibal.functions.domain.classes.LearnerControls;
import org.ibal.functions.domain.classes.Roles;
import org.ibal.functions.domain.port.AccountStore;
import org.ibal.functions.domain.port.AsyncInvoker;
import org.ibal.functions.domain.port.ChatModel;
import org.ibal.functions.domain.port.ClassStore;
import org.ibal.functions.domain.port.ConnectionStore;
import org.ibal.functions.domain.port.Disconnector;
import org.ibal.functions.domain.port.Invites;
import org.ibal.functions.domain.port.Pusher;
import org.ibal.functions.domain.port.RateLimiter;
import org.ibal.functions.domain.port.RunningReplies;
import org.ibal.functions.domain.port.SessionStore;
import org.ibal.functions.domain.port.TokenService;
import org.ibal.functions.domain.port.UsageStore;
import org.ibal.functions.domain.port.UserStore;
import org.ibal.functions.domain.privacy.PersonalData;
import org.ibal.functions.domain.session.SessionQueries;
import org.ibal.functions.domain.usage.CostModel;
import org.ibal.functions.domain.usage.Prices;
import org.ibal.functions.domain.usage.UsageMeter;
import org.ibal.functions.domain.usage.UsageReports;
import org.ibal.functions.handler.http.ConsoleRoutes;
import org.ibal.functions.handler.http.HttpApiHandler;
import org.ibal.functions.handler.http.UsageRoutes;
import org.ibal.functions.handler.ws.ChatHandler;
import org.ibal.functions.handler.ws.ConnectHandler;
import org.ibal.functions.handler.ws.DisconnectHandler;
import org.ibal.functions.handler.ws.FrameJson;
import org.ibal.functions.handler.ws.PushEndpoint;
import org.ibal.functions.handler.ws.ReplyHandOff;
import org.springframework.util.function.SingletonSupplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The composition root: adapters into ports, ports into services, services into the four handlers. */
public final class Wiring implements AutoCloseable {
    /** How many earlier messages the model sees. */
    private static final int HISTORY_MESSAGES = 10;

    private static final java.time.Duration TICKET_TTL = java.time.Duration.ofSeconds(30);

    private final ConnectHandler connect;
    private final ChatHandler chat;
    private final DisconnectHandler disconnect;
    private final HttpApiHandler httpApi;
    private final List<AutoCloseable> resources = new ArrayList<>();

    /**
     * @param pusherFactory builds the Pusher from the connection store (it forgets gone connections)
     */
    public Wiring(
            IbalSettings settings,
            DynamoDbClient dynamo,
            ECKey signingKey,
            Clock clock,
            Function<ConnectionStore, Pusher> pusherFactory) {
        this(settings, dynamo, signingKey, clock, pusherFactory, model(settings));
    }

    public Wiring(
            IbalSettings settings,
            DynamoDbClient dynamo,
            ECKey signingKey,
            Clock clock,
            Function<ConnectionStore, Pusher> pusherFactory,
            ChatModel model) {
        this(settings, dynamo, signingKey, clock, pusherFactory, model, ReplySettings.from(name -> null), null);
    }

    /**
     * @param replySettings how replies run and stream
     * @param asyncInvoker  hands reply jobs to an asynchronous invocation (null: replies always stream inline)
     */
    public Wiring(
            IbalSettings settings,
            DynamoDbClient dynamo,
            ECKey signingKey,
            Clock clock,
            Function<ConnectionStore, Pusher> pusherFactory,
            ChatModel model,
            ReplySettings replySettings,
            AsyncInvoker asyncInvoker) {
        this(
                settings,
                dynamo,
                signingKey,
                clock,
                pusherFactory,
                model,
                replySettings,
                asyncInvoker,
                OpenEdxSettings.from(name -> null));
    }

    /** @param openEdx the Open edX sign-in settings, client secret already resolved (like the signing key) */
    public Wiring(
            IbalSettings settings,
            DynamoDbClient dynamo,
            ECKey signingKey,
            Clock clock,
            Function<ConnectionStore, Pusher> pusherFactory,
            ChatModel model,
            ReplySettings replySettings,
            AsyncInvoker asyncInvoker,
            OpenEdxSettings openEdx) {
        this(settings, dynamo, signingKey, clock, pusherFactory, model, replySettings, asyncInvoker, openEdx, null);
    }

    /** @param invites redeems invite codes when {@code REGISTRATION_POLICY=invite} (null: the classes' invites) */
    public Wiring(
            IbalSettings settings,
            DynamoDbClient dynamo,
            ECKey signingKey,
            Clock clock,
            Function<ConnectionStore, Pusher> pusherFactory,
            ChatModel model,
            ReplySettings replySettings,
            AsyncInvoker asyncInvoker,
            OpenEdxSettings openEdx,
            Invites invites) {
        String table = settings.tableName();
        ConnectionStore connections = new DynamoConnectionStore(dynamo, table);
        SessionStore sessions = new DynamoSessionStore(dynamo, table);
        DynamoCredentialStore credentials = new DynamoCredentialStore(dynamo, table);
        RateLimiter rateLimiter = new DynamoRateLimiter(dynamo, table);
        TokenService tokens = new NimbusTokenService(
                signingKey, settings.jwtIssuer(), settings.jwtAudience(), settings.accessTokenTtl(), clock);
        Pusher pusher = pusherFactory.apply(connections);
        if (pusher instanceof AutoCloseable closeable) {
            resources.add(closeable);
        }

        AuthLimits authLimits = new AuthLimits(
                settings.refreshTokenTtl(),
                TICKET_TTL,
                settings.connectRatePerMinute(),
                settings.connectFailuresPerIpPerMinute(),
                settings.registrationsPerIpPerHour(),
                settings.loginFailuresPerAccountAndIp(),
                settings.loginFailuresPerIp());
        ChatLimits chatLimits = new ChatLimits(
                settings.messageMaxChars(),
                settings.messageRatePerMinute(),
                settings.dailyMessageQuota(),
                settings.sessionsPerDay());
        AccountStore accounts = new DynamoAccountStore(dynamo, table);
        ConnectService connectService = new ConnectService(
                tokens,
                new DynamoReplayGuard(dynamo, table, DynamoReplayGuard.TICKETS),
                connections,
                rateLimiter,
                accounts,
                authLimits,
                clock);
        ExternalTokenIssuer externalSignIns = new ExternalTokenIssuer(
                credentials, new DynamoFamilyPrincipalStore(dynamo, table), tokens, authLimits, clock);
        ClassStore classStore = new DynamoClassStore(dynamo, table);
        AccountRules accountRules = new AccountRules(
                settings.registrationPolicy(),
                invites != null ? invites : new DynamoInvites(classStore),
                new PasswordPolicy(settings.passwordMinLength(), new CommonPasswords()));
        UserStore userStore = new DynamoUserStore(dynamo, table);
        AuthService auth = new AuthService(
                userStore,
                credentials,
                tokens,
                new BcryptPasswordHasher(settings.bcryptCost()),
                accountRules,
                rateLimiter,
                authLimits,
                clock,
                externalSignIns,
                accounts);

        this.connect = new ConnectHandler(connectService);
        Roles roles = new Roles(settings.adminUsernames(), settings.teachersSelfServe(), accounts);
        ClassService classes =
                new ClassService(classStore, accounts, roles, Duration.ofDays(settings.retentionDays()), clock);
        RunningReplies running = new DynamoRunningReplies(dynamo, table);
        // One daemon thread per function instance flushes the coalesced chunks of every reply it streams.
        ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("chunk-flush").factory());
        resources.add(flusher::shutdownNow);
        ReplyHandOff.Mode mode = asyncInvoker == null ? ReplyHandOff.Mode.INLINE : replySettings.mode();
        UsageStore usage = new DynamoUsageStore(dynamo, table);
        CostModel costs = new CostModel(Prices.withModelPrices(
                settings.costCurrency(), settings.modelPriceInPer1k(), settings.modelPriceOutPer1k()));
        ReplyStreamer streamer = new ReplyStreamer(
                sessions,
                running,
                model,
                new Streaming(
                        replySettings.coalesceWindow(),
                        replySettings.stopPollEvery(),
                        model.usesHistory() ? HISTORY_MESSAGES : 0),
                CoalescingDeltaSink.Scheduler.of(flusher),
                clock,
                new UsageMeter(
                        costs,
                        usage,
                        settings.functionMemoryMb() / 1024.0,
                        replySettings.stopPollEvery(),
                        mode == ReplyHandOff.Mode.ASYNC));
        this.chat = new ChatHandler(
                new ChatService(sessions, connections, rateLimiter, running, chatLimits, clock, classes.forChat()),
                new ReplyHandOff(streamer, asyncInvoker, mode, replySettings.ownFunctionName()),
                connections,
                pusher,
                new PushEndpoint(settings.managementApiEndpoint()),
                clock);
        this.disconnect = new DisconnectHandler(connectService);
        String pushEndpoint = settings.managementApiEndpoint();
        Disconnector disconnector = userId -> {
            List<String> open = connections.connectionsOf(userId);
            open.forEach(connectionId -> pusher.disconnect(pushEndpoint, connectionId));
            return open.size();
        };
        ConsoleRoutes console = new ConsoleRoutes(
                classes,
                new LearnerControls(classes, classStore, accounts, disconnector, clock),
                new AdminUsers(roles, accounts, classStore),
                new UsageRoutes(new UsageReports(classes, classStore, accounts, usage, settings.costCurrency(), clock)),
                new PersonalData(userStore, accounts, classStore, sessions, usage, disconnector));
        this.httpApi = new HttpApiHandler(
                auth,
                new SessionQueries(sessions, clock),
                tokens,
                new DynamoProbe(dynamo, table),
                model::healthy,
                SignInWiring.routes(openEdx, settings.jwtAudience(), dynamo, table, externalSignIns, clock),
                console);
    }

    /** The demo model; remote providers need their settings and secrets, which {@link #fromSettings} reads. */
    private static ChatModel model(IbalSettings settings) {
        return switch (settings.modelProvider()) {
            case "demo" -> new DemoChatModel(settings.demoModelDelay());
            default ->
                throw new IllegalStateException("MODEL_PROVIDER " + settings.modelProvider()
                        + " is wired by Wiring.fromSettings (ChatModels), or pass the ChatModel in");
        };
    }

    /** Production wiring from a property lookup (the Spring Environment). Fails fast on bad configuration. */
    public static Wiring fromSettings(Function<String, String> lookup) {
        return fromSettings(lookup, true);
    }

    /**
     * @param warmSigningKey start {@link SigningKeyWarmUp}: worth it where the first request checks or signs a token
     *                       ($connect, the HTTP API); elsewhere it would only take CPU from the start-up
     */
    public static Wiring fromSettings(Function<String, String> lookup, boolean warmSigningKey) {
        IbalSettings settings = IbalSettings.from(lookup);
        // The clients are built once the key is known when it is inline (they are needed first to read it from SSM):
        // the key's warm-up then overlaps their start-up (~100 ms: the TLS trust store, the SDK's region metadata).
        Supplier<AwsClients> clients = SingletonSupplier.of(() -> new AwsClients(lookup));
        String jwk = SigningKeySource.resolve(
                settings.jwtSigningKey(),
                settings.jwtSigningKeyParameter(),
                name -> clients.get().secureParameter(name));
        ECKey signingKey = NimbusTokenService.parseSigningKey(jwk);
        if (warmSigningKey) {
            SigningKeyWarmUp.start(signingKey);
        }
        AwsClients aws = clients.get();
        DynamoDbClient dynamo = aws.dynamo(settings.dynamoDbEndpoint());
        ReplySettings replySettings = ReplySettings.from(lookup);
        ModelSettings modelSettings = ModelSettings.from(lookup);
        ChatModels models = ChatModels.forSettings(modelSettings, aws::secureParameter);
        OpenEdxSettings openEdx = OpenEdxSettings.from(lookup).withSecretFrom(aws::secureParameter);
        Wiring wiring = new Wiring(
                settings,
                dynamo,
                signingKey,
                Clock.systemUTC(),
                connections -> new ManagementApiPusher(connections, FrameJson::encode, aws::managementApi),
                models.create(modelSettings),
                replySettings,
                aws.lambdaAsyncInvoker(replySettings.lambdaEndpoint()),
                openEdx);
        wiring.resources.add(models);
        wiring.resources.add(dynamo);
        wiring.resources.add(aws);
        return wiring;
    }

    public ConnectHandler connectHandler() {
        return connect;
    }

    public ChatHandler chatHandler() {
        return chat;
    }

    public DisconnectHandler disconnectHandler() {
        return disconnect;
    }

    public HttpApiHandler httpApiHandler() {
        return httpApi;
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }
}
