package dev.baton.agent.config;

/** The configuration file formats the agent reads. */
public enum ConfigFormat {
    /** foreman_dlm_updater 0.0.x: INI, {@code [main]} with {@code foreman_url}. */
    FOREMAN_INI("foreman_dlm_updater INI"),
    /** DLMEngineUpdater 0.x: INI, {@code [main]} with {@code endpoint}. */
    DLM_ENGINE_INI("DLMEngineUpdater INI"),
    /** DLMEngineUpdater 1.0: dotenv, {@code main_*} keys, environment variables override. */
    DLM_ENGINE_DOTENV("DLMEngineUpdater 1.0 dotenv"),
    /** Baton's own: INI with a {@code [baton]} section. */
    BATON("baton-agent INI");

    private final String description;

    ConfigFormat(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
