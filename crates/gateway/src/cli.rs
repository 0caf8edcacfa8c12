//! The `ocop` command line: serve, migrate, seed, user.

use std::path::PathBuf;

use anyhow::{Context as _, bail};
use clap::{Parser, Subcommand, ValueEnum};
use ocop_accounts::{NewUser, Role, users};
use ocop_migrations::{Migrator, MigratorTrait};
use sea_orm::DatabaseConnection;
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::config::{Config, Environment};
use crate::state::AppState;
use crate::{app, telemetry, workers};

#[derive(Parser, Debug)]
#[command(name = "ocop", version, about = "Chợ OCOP — sàn thương mại điện tử sản phẩm OCOP")]
pub struct Cli {
    /// Folder with default.toml and <OCOP_ENV>.toml.
    #[arg(long, env = "OCOP_CONFIG_DIR", default_value = "config", global = true)]
    pub config_dir: PathBuf,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Apply pending migrations, then serve HTTP and run the workers until SIGTERM.
    Serve {
        /// Do not touch the schema (another instance or a release step migrates).
        #[arg(long)]
        no_migrate: bool,
    },
    /// Schema migrations.
    Migrate {
        #[arg(value_enum, default_value_t = MigrateAction::Up)]
        action: MigrateAction,
    },
    /// Load demo data (idempotent).
    Seed {
        /// The demo catalogue and accounts.
        #[arg(long, required = true)]
        demo: bool,
    },
    /// Manage accounts.
    User {
        #[command(subcommand)]
        action: UserAction,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum MigrateAction {
    /// Apply every pending migration.
    Up,
    /// Roll back the last migration.
    Down,
    /// List migrations and whether each is applied.
    Status,
}

#[derive(Subcommand, Debug)]
pub enum UserAction {
    /// Create an account.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        password: String,
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// Display name; defaults to the part of the e-mail before @.
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        phone: Option<String>,
    },
}

fn parse_role(raw: &str) -> Result<Role, String> {
    raw.parse()
}

/// Runs a parsed command; the error is printed by `main` with exit status 1.
///
/// # Errors
/// Whatever the command reports.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let config = Config::load(&cli.config_dir)?;
    telemetry::init(&config);
    match cli.command {
        Command::Serve { no_migrate } => serve(config, no_migrate).await,
        Command::Migrate { action } => migrate(&config, action).await,
        Command::Seed { demo: _ } => {
            if config.env == Environment::Production {
                bail!("seed --demo creates accounts with published passwords; it is refused in production");
            }
            let db = connect(&config).await?;
            Migrator::up(&db, None).await.context("migrations")?;
            crate::seed::demo(&db).await
        }
        Command::User { action: UserAction::Create { email, password, role, name, phone } } => {
            let db = connect(&config).await?;
            let pending = Migrator::get_pending_migrations(&db).await?.len();
            if pending > 0 {
                bail!("the schema is not up to date ({pending} pending migration(s)): run `ocop migrate up` first");
            }
            let name = name.unwrap_or_else(|| email.split('@').next().unwrap_or_default().to_owned());
            let user = users::register(&db, NewUser { email, name, password, phone, role }).await.map_err(describe)?;
            println!("created {} {} (id {})", user.role, user.email, user.id);
            Ok(())
        }
    }
}

/// Field errors as lines a person at a terminal can act on.
fn describe(err: ocop_core::Error) -> anyhow::Error {
    match err {
        ocop_core::Error::Invalid(fields) => {
            let lines: Vec<String> = fields.0.iter().map(|(k, v)| format!("--{k}: {v}")).collect();
            anyhow::anyhow!(lines.join("\n"))
        }
        ocop_core::Error::Conflict { field: Some(field), message, .. } => anyhow::anyhow!("--{field}: {message}"),
        other => anyhow::anyhow!(other),
    }
}

async fn connect(config: &Config) -> anyhow::Result<DatabaseConnection> {
    if config.database_url.trim().is_empty() {
        std::fs::create_dir_all(&config.data_dir)
            .with_context(|| format!("data_dir {} cannot be created", config.data_dir.display()))?;
    }
    ocop_core::db::connect(&config.database_url(), 2).await.context("database (OCOP_DATABASE_URL) cannot be opened")
}

async fn migrate(config: &Config, action: MigrateAction) -> anyhow::Result<()> {
    let db = connect(config).await?;
    match action {
        MigrateAction::Up => {
            let pending = Migrator::get_pending_migrations(&db).await?.len();
            Migrator::up(&db, None).await?;
            println!("applied {pending} migration(s)");
        }
        MigrateAction::Down => {
            Migrator::down(&db, Some(1)).await?;
            println!("rolled back 1 migration");
        }
        MigrateAction::Status => {
            for m in Migrator::get_migration_with_status(&db).await? {
                println!("{:?}\t{}", m.status(), m.name());
            }
        }
    }
    Ok(())
}

async fn serve(config: Config, no_migrate: bool) -> anyhow::Result<()> {
    let listen = config.listen;
    let state = AppState::build(config).await?;
    if !no_migrate {
        Migrator::up(&state.db, None).await.context("migrations")?;
    }
    let listener = TcpListener::bind(listen).await.with_context(|| format!("listen {listen}"))?;
    let local = listener.local_addr()?;
    tracing::info!(env = state.config.env.as_str(), "Chợ OCOP đang chạy tại http://{local}");
    let (stop_tx, stop_rx) = watch::channel(false);
    let purge = tokio::spawn(workers::purge_sessions(state.clone(), stop_rx));
    app::serve(state, listener, app::shutdown_signal()).await?;
    let _ = stop_tx.send(true);
    let _ = purge.await;
    Ok(())
}
