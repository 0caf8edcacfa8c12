//! The `ocop` command line: serve, migrate, seed, user, import, reindex, ledger, search.

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
    /// Bulk import.
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    /// The money ledger.
    Ledger {
        #[command(subcommand)]
        action: LedgerAction,
    },
    /// Rebuild the search index from the database into a fresh generation and make it the
    /// live one; a running gateway switches to it within seconds.
    Reindex,
    /// Search tools.
    Search {
        #[command(subcommand)]
        action: SearchAction,
    },
    /// The seller academy.
    Academy {
        #[command(subcommand)]
        action: AcademyAction,
    },
}

#[derive(Subcommand, Debug)]
pub enum AcademyAction {
    /// Add the first course for OCOP producers (eight published lessons) unless a course
    /// already has its address; admins' edits are never overwritten.
    Install,
}

#[derive(Subcommand, Debug)]
pub enum LedgerAction {
    /// Verify the invariants: every posting sums to zero, each shop's balance is the sum of
    /// its entries. Exit 1 naming what is off.
    Check,
}

#[derive(Subcommand, Debug)]
pub enum SearchAction {
    /// nDCG@10, MRR@10 and recall@10 overall and by kind of typing, on both built-in
    /// relevance sets (development, crates/search/relevance; held back,
    /// crates/search/relevance-heldout) or on another one.
    Eval {
        /// A folder with catalogue.csv and judgments.toml (default: both sets built in).
        #[arg(long)]
        set: Option<PathBuf>,
        /// Collapse copies of one good (the catalogue's `canonical` column) before scoring.
        #[arg(long)]
        collapse: bool,
        /// Also print each query's score and first page.
        #[arg(long)]
        queries: bool,
    },
    /// Index build rate, query and suggest latency (median, p99) and memory on a
    /// catalogue, then its quality with copies collapsed; the last line is JSON.
    Bench {
        /// A folder with catalogue.csv and judgments.toml (scripts/gen-search-catalogue.py).
        #[arg(long)]
        set: Option<PathBuf>,
        /// Passes over the judged queries.
        #[arg(long, default_value_t = 5)]
        rounds: usize,
    },
    /// Write a generated catalogue (scripts/gen-search-catalogue.py) into an empty database
    /// in bulk, live and verified, so `ocop reindex` and HTTP search can be measured on it.
    /// A benchmark tool: no import checks, audit log or outbox; refused in production.
    Load {
        /// A folder with catalogue.csv.
        #[arg(long)]
        set: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum ImportWhat {
    /// Products from CSV or JSON Lines (chosen by content); all-or-nothing with a
    /// row-by-row report.
    Products {
        file: PathBuf,
        /// Every row belongs to this shop (slug).
        #[arg(long)]
        shop: Option<String>,
        /// Publish at once instead of sending the rows to moderation.
        #[arg(long)]
        approve: bool,
        /// Create shops named in rows that do not exist yet, already verified.
        #[arg(long)]
        create_shops: bool,
        /// The account the import is recorded under (default: the first admin).
        #[arg(long = "as", value_name = "EMAIL")]
        actor: Option<String>,
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
        /// For a vendor: the shop (slug) they work for.
        #[arg(long)]
        shop: Option<String>,
        /// For a coordinator: the province they are responsible for.
        #[arg(long)]
        province: Option<String>,
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
    // Evaluation needs neither configuration nor a database.
    match &cli.command {
        Command::Search { action: SearchAction::Eval { set, collapse, queries } } => {
            return search_eval(set.as_deref(), *collapse, *queries);
        }
        Command::Search { action: SearchAction::Bench { set, rounds } } => {
            return search_bench(set.as_deref(), *rounds);
        }
        _ => {}
    }
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
            let media = ocop_catalog::media::LocalMediaStore { root: crate::state::config_media_root(&config) };
            ocop_demo::seed::demo(&db, &media).await
        }
        Command::User { action: UserAction::Create { email, password, role, name, phone, shop, province } } => {
            let db = migrated(&config).await?;
            // Check the shop and province before creating anything.
            let shop = match &shop {
                Some(slug) => Some(
                    ocop_catalog::shops::by_slug(&db, slug)
                        .await
                        .map_err(|_| anyhow::anyhow!("--shop: no shop '{slug}'"))?,
                ),
                None => None,
            };
            if let Some(p) = &province
                && ocop_core::provinces::find(p).is_none()
            {
                bail!("--province: '{p}' is not a current or former province");
            }
            let name = name.unwrap_or_else(|| email.split('@').next().unwrap_or_default().to_owned());
            let user = users::register(&db, NewUser { email, name, password, phone, role }).await.map_err(describe)?;
            if let Some(shop) = shop {
                ocop_catalog::shops::add_member(&db, shop.id, user.id, "staff").await?;
                println!("{} now works for {}", user.email, shop.name);
            }
            if let Some(p) = province {
                let code = ocop_catalog::coordinators::assign(&db, &user, &p).await.map_err(describe)?;
                println!("{} coordinates {code}", user.email);
            }
            println!("created {} {} (id {})", user.role, user.email, user.id);
            Ok(())
        }
        Command::Search { action: SearchAction::Load { set } } => {
            if config.env == Environment::Production {
                bail!("search load writes a generated catalogue; it is refused in production");
            }
            let db = migrated(&config).await?;
            let (catalogue, _) = ocop_search::eval::load_set(&set).map_err(|e| anyhow::anyhow!(e))?;
            let started = std::time::Instant::now();
            let loaded = ocop_demo::search_set::load(&db, &catalogue.listings).await?;
            println!(
                "loaded {} listing(s), {} shop(s), {} certificate(s) in {:.1} s",
                loaded.products,
                loaded.shops,
                loaded.certificates,
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::Search { .. } => Ok(()),
        Command::Reindex => reindex(&config).await,
        Command::Import { what: ImportWhat::Products { file, shop, approve, create_shops, actor } } => {
            let db = migrated(&config).await?;
            std::fs::metadata(&file).with_context(|| format!("{} cannot be read", file.display()))?;
            let actor = import_actor(&db, actor.as_deref()).await?;
            let options = ocop_catalog::import::Options { shop, approve, create_shops };
            let progress = ImportProgress::new();
            let source = ocop_catalog::import::Source::File(&file);
            let report =
                ocop_catalog::import::run_from(&db, &actor, source, &options, &progress).await.map_err(describe)?;
            progress.bar.finish_and_clear();
            if report.errors.is_empty() {
                println!(
                    "imported {} row(s): {} product(s) created, {} updated; {} variant(s) created, {} updated; {} shop(s) created",
                    report.rows,
                    report.products_created,
                    report.products_updated,
                    report.variants_created,
                    report.variants_updated,
                    report.shops_created
                );
                Ok(())
            } else {
                for e in &report.errors {
                    if e.column.is_empty() {
                        eprintln!("dòng {}: {}", e.row, e.message);
                    } else {
                        eprintln!("dòng {}, cột {}: {}", e.row, e.column, e.message);
                    }
                }
                bail!("{} lỗi trong {} dòng; không có gì được ghi", report.errors.len(), report.rows)
            }
        }
        Command::Academy { action: AcademyAction::Install } => {
            let db = migrated(&config).await?;
            if ocop_academy::starter::install(&db).await? {
                println!("academy: the first course is in /hoc-vien/{}", ocop_academy::starter::COURSE_SLUG);
            } else {
                println!("academy: /hoc-vien/{} is there already; nothing changed", ocop_academy::starter::COURSE_SLUG);
            }
            Ok(())
        }
        Command::Ledger { action: LedgerAction::Check } => {
            let db = migrated(&config).await?;
            let check = ocop_payments::book::check(&db).await?;
            for (posting, sum) in &check.unbalanced {
                eprintln!("posting {posting} sums to {sum}, not 0");
            }
            for account in &check.misfiled {
                eprintln!("account {account}: unknown, or its entries are tagged with another shop");
            }
            let total: i64 = check.balances.values().sum();
            if total != 0 {
                eprintln!("all accounts sum to {total}, not 0");
            }
            if !check.ok() {
                bail!("the ledger does not balance");
            }
            println!(
                "ledger balances: {} posting(s), {} entr(ies), {} account(s)",
                check.postings,
                check.entries,
                check.balances.len()
            );
            Ok(())
        }
    }
}

/// An import's two passes on a terminal: rows checked, then rows written of the total.
struct ImportProgress {
    bar: indicatif::ProgressBar,
}

impl ImportProgress {
    fn new() -> Self {
        use std::io::IsTerminal as _;
        let bar = if std::io::stderr().is_terminal() {
            indicatif::ProgressBar::new_spinner()
        } else {
            indicatif::ProgressBar::hidden()
        };
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} kiểm tra: {pos} dòng, {per_sec}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        Self { bar }
    }
}

impl ocop_catalog::import::Progress for ImportProgress {
    fn step(&self, step: ocop_catalog::import::Step) {
        use ocop_catalog::import::Step;
        match step {
            Step::Checking { done } => self.bar.set_position(done as u64),
            Step::Writing { done, total } => {
                if self.bar.length() != Some(total as u64) {
                    self.bar.set_style(
                        indicatif::ProgressStyle::with_template(
                            "{bar:40} ghi: {pos}/{len} dòng, {per_sec}, còn {eta} {msg}",
                        )
                        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
                    );
                    self.bar.set_length(total as u64);
                    self.bar.reset();
                }
                self.bar.set_position(done as u64);
            }
            Step::Committing => self.bar.set_message("ghi vào cơ sở dữ liệu"),
        }
    }
}

async fn reindex(config: &Config) -> anyhow::Result<()> {
    use std::io::IsTerminal as _;
    let db = migrated(config).await?;
    let store = crate::state::search_store(config);
    let bar =
        if std::io::stderr().is_terminal() { indicatif::ProgressBar::new(0) } else { indicatif::ProgressBar::hidden() };
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {bar:40} {pos}/{len} listings, {per_sec}, {eta} left")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let started = std::time::Instant::now();
    let generation = store
        .build(&db, &|done, total| {
            bar.set_length(total);
            bar.set_position(done);
        })
        .await?;
    bar.finish_and_clear();
    let elapsed = started.elapsed().as_secs_f64();
    let (name, documents) = (generation.name.clone(), generation.meta.documents);
    // Release the generation's writer before a gateway may open it.
    drop(generation);
    store.swap(&name).context("search/CURRENT cannot be written")?;
    println!(
        "reindexed {documents} listing(s) in {elapsed:.2} s ({:.0} listings/s) into {}; schema version {}",
        documents as f64 / elapsed.max(1e-6),
        store.root().join(&name).display(),
        ocop_search::SCHEMA_VERSION
    );
    Ok(())
}

fn search_eval(set: Option<&std::path::Path>, collapse: bool, queries: bool) -> anyhow::Result<()> {
    use ocop_search::eval;
    let sets = match set {
        Some(dir) => vec![(dir.display().to_string(), eval::load_set(dir))],
        None => vec![
            ("development set (crates/search/relevance)".to_owned(), eval::dev_set()),
            ("held-back set (crates/search/relevance-heldout)".to_owned(), eval::heldout_set()),
        ],
    };
    for (i, (name, loaded)) in sets.into_iter().enumerate() {
        if i > 0 {
            println!();
        }
        println!("{name}");
        let (catalogue, judgments) = loaded.map_err(|e| anyhow::anyhow!(e))?;
        eval_one(&catalogue, &judgments, collapse, queries)?;
    }
    Ok(())
}

fn eval_one(
    catalogue: &ocop_search::eval::Catalogue,
    judgments: &ocop_search::eval::Judgments,
    collapse: bool,
    queries: bool,
) -> anyhow::Result<()> {
    use ocop_search::eval;
    let started = std::time::Instant::now();
    let index = eval::index_catalogue(catalogue)?;
    let built = started.elapsed();
    let report = eval::evaluate(&index, judgments, collapse.then_some(&catalogue.canonical))?;
    if queries {
        for q in &report.queries {
            println!("{:.3}  [{}] {} → {}", q.metrics.ndcg, q.kind, q.q, q.top.join(", "));
        }
        println!();
    }
    println!(
        "{} listings indexed in {:.1} s, {} queries{}",
        catalogue.listings.len(),
        built.as_secs_f64(),
        judgments.queries.len(),
        if collapse { ", copies collapsed" } else { "" }
    );
    print!("{report}");
    Ok(())
}

fn search_bench(set: Option<&std::path::Path>, rounds: usize) -> anyhow::Result<()> {
    use ocop_search::eval;
    let (catalogue, judgments) = match set {
        Some(dir) => eval::load_set(dir),
        None => eval::dev_set(),
    }
    .map_err(|e| anyhow::anyhow!(e))?;
    let (index, bench) = eval::bench(&catalogue, &judgments, rounds)?;
    let collapse = !catalogue.canonical.is_empty();
    let report = eval::evaluate(&index, &judgments, collapse.then_some(&catalogue.canonical))?;
    println!("listings            {}", bench.listings);
    println!("index build         {:.0} listings/s", bench.rebuild_per_second);
    println!("query               median {:.3} ms, p99 {:.3} ms", bench.query_median_ms, bench.query_p99_ms);
    println!("suggest             median {:.3} ms, p99 {:.3} ms", bench.suggest_median_ms, bench.suggest_p99_ms);
    println!("memory              {:.0} MB resident, {:.0} MB peak", bench.rss_mb, bench.peak_rss_mb);
    println!("quality{}", if collapse { " (copies collapsed)" } else { "" });
    print!("{report}");
    let json = serde_json::json!({
        "bench": bench,
        "ndcg": report.overall.ndcg, "mrr": report.overall.mrr, "recall": report.overall.recall,
        "ndcg_by_kind": report.by_kind.iter().map(|(k, m)| (k.clone(), m.ndcg)).collect::<std::collections::BTreeMap<_, _>>(),
    });
    println!("JSON {json}");
    Ok(())
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

/// A connection to a database whose schema is up to date.
async fn migrated(config: &Config) -> anyhow::Result<DatabaseConnection> {
    let db = connect(config).await?;
    let pending = Migrator::get_pending_migrations(&db).await?.len();
    if pending > 0 {
        bail!("the schema is not up to date ({pending} pending migration(s)): run `ocop migrate up` first");
    }
    Ok(db)
}

/// The account a shell import is recorded under.
async fn import_actor(db: &DatabaseConnection, email: Option<&str>) -> anyhow::Result<ocop_accounts::User> {
    use ocop_accounts::entity::user;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    let query = user::Entity::find();
    let found = match email {
        Some(email) => query.filter(user::Column::Email.eq(users::normalize_email(email))).one(db).await?,
        None => query.filter(user::Column::Role.eq("admin")).order_by_asc(user::Column::Id).one(db).await?,
    };
    let model = found.ok_or_else(|| match email {
        Some(e) => anyhow::anyhow!("--as: no account {e}"),
        None => anyhow::anyhow!("no admin yet: create one with `ocop user create --role admin …`"),
    })?;
    Ok(ocop_accounts::User::try_from(model)?)
}

async fn connect(config: &Config) -> anyhow::Result<DatabaseConnection> {
    if config.storage.database_url.trim().is_empty() {
        std::fs::create_dir_all(&config.storage.data_dir)
            .with_context(|| format!("data_dir {} cannot be created", config.storage.data_dir.display()))?;
    }
    ocop_core::db::connect(&config.storage.database_url(), 2)
        .await
        .context("database (OCOP_DATABASE_URL) cannot be opened")
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
    let listen = config.server.listen;
    let state = AppState::build(config).await?;
    if !no_migrate {
        Migrator::up(&state.db, None).await.context("migrations")?;
    }
    let shutdown = app::shutdown_signal();
    let (stop_tx, stop_rx) = watch::channel(false);
    let workers = workers::start(&state, stop_rx).await?;
    let listener = TcpListener::bind(listen).await.with_context(|| format!("listen {listen}"))?;
    let local = listener.local_addr()?;
    tracing::info!(env = state.config.env.as_str(), "Chợ OCOP đang chạy tại http://{local}");
    app::serve(state, listener, shutdown).await?;
    let _ = stop_tx.send(true);
    for worker in workers {
        let _ = worker.await;
    }
    Ok(())
}
