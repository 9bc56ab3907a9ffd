// The plugin object arrives with the plugin issue.
export {};
