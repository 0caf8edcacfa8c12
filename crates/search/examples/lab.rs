//! A quick loop for ranking and speed work without building the gateway:
//! `cargo run --release -p ocop-search --example lab -- [DIR [ROUNDS]]` prints both relevance
//! sets' reports and, given a generated catalogue (scripts/gen-search-catalogue.py), the
//! in-process timings and quality with copies collapsed that `ocop search bench` prints.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    use ocop_search::eval;
    for (name, set) in [("development", eval::dev_set()), ("held-back", eval::heldout_set())] {
        let (catalogue, judgments) = set?;
        let index = eval::index_catalogue(&catalogue)?;
        println!("{name} set\n{}", eval::evaluate(&index, &judgments, None)?);
        // Queries of one's own against the development catalogue (never the held-back one).
        if name == "development"
            && let Ok(qs) = std::env::var("LAB_DEV_Q")
        {
            for q in qs.split('|') {
                let params = ocop_search::SearchParams { q: q.into(), page: 1, per_page: 10, ..Default::default() };
                let results = index.search(&params)?;
                println!("{q}: {} found", results.total);
                for h in &results.hits {
                    println!("  {} | {} | {} | {:?}", h.slug, h.name, h.province, h.ocop_stars);
                }
            }
        }
    }
    let mut args = std::env::args().skip(1);
    if let Some(dir) = args.next() {
        let rounds = args.next().and_then(|r| r.parse().ok()).unwrap_or(3);
        let (catalogue, judgments) = eval::load_set(std::path::Path::new(&dir))?;
        let (index, bench) = eval::bench(&catalogue, &judgments, rounds)?;
        if let Ok(q) = std::env::var("LAB_Q") {
            let params = ocop_search::SearchParams { q, page: 1, per_page: 20, ..Default::default() };
            // Timed warm: the bench above has already read what is kept per generation.
            let started = std::time::Instant::now();
            let results = index.search(&params)?;
            println!("{} found in {:?}", results.total, started.elapsed());
            for h in &results.hits {
                println!("  {} | {} | {} | {:?}", h.slug, h.name, h.shop_name, h.ocop_stars);
            }
        }
        println!("{bench:?}");
        if let Ok(mix) = std::env::var("LAB_MIX") {
            mix_costs(&index, &mix)?;
        }
        if let Ok(stream) = std::env::var("LAB_STREAM") {
            stream_cost(&index, &stream)?;
        }
        // Each round's total over every judged query: the fastest round is the least
        // disturbed by whatever else the machine runs.
        let mut totals = Vec::new();
        for _ in 0..rounds {
            let started = std::time::Instant::now();
            for j in &judgments.queries {
                let params = ocop_search::SearchParams { q: j.q.clone(), page: 1, per_page: 20, ..Default::default() };
                index.search(&params)?;
            }
            totals.push(started.elapsed().as_secs_f64() * 1000.0 / judgments.queries.len() as f64);
        }
        totals.sort_by(f64::total_cmp);
        println!("mean per query: fastest round {:.3} ms, median round {:.3} ms", totals[0], totals[totals.len() / 2]);
        let report = eval::evaluate(&index, &judgments, Some(&catalogue.canonical))?;
        if std::env::var_os("LAB_QUERIES").is_some() {
            for q in &report.queries {
                println!("{:.3}  [{}] {} → {}", q.metrics.ndcg, q.kind, q.q, q.top.join(", "));
            }
        }
        println!("{report}");
    }
    Ok(())
}

/// Where a request mix's time goes: `LAB_MIX` names a file of /api/v1/search paths
/// (scripts/gen-search-queries.py); each distinct search is timed (fastest of three) and
/// weighted by how often the mix asks it, the costliest printed first.
fn mix_costs(index: &ocop_search::SearchIndex, path: &str) -> Result<(), Box<dyn std::error::Error>> {
    use std::collections::HashMap;
    let text = std::fs::read_to_string(path)?;
    let mut asked: HashMap<&str, usize> = HashMap::new();
    for line in text.lines() {
        *asked.entry(line).or_default() += 1;
    }
    let mut costs = Vec::new();
    for (line, n) in &asked {
        let params = params_of(line);
        let mut best = f64::MAX;
        let mut total = 0;
        for _ in 0..3 {
            let started = std::time::Instant::now();
            total = index.search(&params)?.total;
            best = best.min(started.elapsed().as_secs_f64() * 1000.0);
        }
        costs.push((best * *n as f64, best, *n, total, *line));
    }
    costs.sort_by(|a, b| b.0.total_cmp(&a.0));
    let all: f64 = costs.iter().map(|c| c.0).sum();
    let requests: usize = asked.values().sum();
    println!("mix: {} distinct, {requests} requests, {:.3} ms per request", costs.len(), all / requests as f64);
    let mut running = 0.0;
    for (weighted, ms, n, total, line) in costs.iter().take(40) {
        running += weighted;
        let shown: Vec<(String, String)> =
            serde_urlencoded::from_str(line.split_once('?').map_or("", |(_, q)| q)).unwrap_or_default();
        let shown: Vec<String> = shown.into_iter().map(|(k, v)| format!("{k}={v}")).collect();
        println!(
            "{:5.1}% {:5.1}% {ms:7.3} ms ×{n:<6} {total:>6} found  {}",
            weighted / all * 100.0,
            running / all * 100.0,
            shown.join(" ")
        );
    }
    Ok(())
}

/// What a stream of requests costs asked in turn, as a server meets them: `LAB_STREAM` names a
/// file of /api/v1/search paths, of which the first 20,000 are asked once each, in order
/// (each search then finds colder caches than [`mix_costs`]'s fastest of three).
fn stream_cost(index: &ocop_search::SearchIndex, path: &str) -> Result<(), Box<dyn std::error::Error>> {
    let text = std::fs::read_to_string(path)?;
    let params: Vec<_> = text.lines().take(20_000).map(params_of).collect();
    let started = std::time::Instant::now();
    for p in &params {
        index.search(p)?;
    }
    let ms = started.elapsed().as_secs_f64() * 1000.0 / params.len().max(1) as f64;
    println!("stream: {} requests in turn, {ms:.3} ms per request", params.len());
    Ok(())
}

fn params_of(line: &str) -> ocop_search::SearchParams {
    let mut params = ocop_search::SearchParams { page: 1, per_page: 20, ..Default::default() };
    let query = line.split_once('?').map_or("", |(_, q)| q);
    for (key, value) in serde_urlencoded::from_str::<Vec<(String, String)>>(query).unwrap_or_default() {
        match key.as_str() {
            "q" => params.q = value,
            "category" => params.category = Some(value),
            "province" => {
                params.province = Some(ocop_core::provinces::find(&value).map_or(value, |p| p.code.to_owned()));
            }
            "min_stars" => params.min_stars = value.parse().ok(),
            "page" => params.page = value.parse().unwrap_or(1),
            "sort" => params.sort = ocop_search::SearchSort::parse(&value).unwrap_or_default(),
            _ => {}
        }
    }
    params
}
