//! The index itself: built from the database (in memory, or on disk in a generation
//! directory, see [`crate::store`]), updated from the outbox, searched by many readers. One
//! writer, behind a mutex; the outbox id an on-disk index is current to is committed with
//! its documents (tantivy's commit payload).

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use crate::diverse::DiverseTop;
use crate::home::Resold;
use ocop_core::Error;
use ocop_core::text::fold;
use sea_orm::ConnectionTrait;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::document::{DeserializeError, DocumentDeserialize, DocumentDeserializer};
use tantivy::schema::{IndexRecordOption, OwnedValue};
use tantivy::{DocAddress, Index, IndexReader, IndexWriter, Order, ReloadPolicy, Searcher, Term};

use crate::cache::{Key, ResultCache, SearchId};
use crate::document::{self, Fields, Listing};
use crate::facets::FacetCollector;
use crate::load;
use crate::query::{self, QueryError};
use crate::types::{Facets, Hit, Results, SearchParams, SearchSort, Suggestion};

mod fill;

pub struct SearchIndex {
    /// Tells this index's cached answers from those of the index it replaced.
    id: u64,
    index: Index,
    reader: IndexReader,
    /// Shared with the thread that indexes a full build.
    writer: Arc<Mutex<IndexWriter>>,
    fields: Fields,
    /// What collectors read of every match, per segment.
    tables: crate::per_doc::Tables,
    /// Listings shown lately, decoded.
    shown: crate::shown::Shown,
}

/// The writer's indexing threads and memory budget. One thread: a full build of 100,000
/// listings then fits one segment with nothing to merge, while the other core reads the
/// database and prepares documents (measured faster on two cores than two indexing threads
/// and a merge). The budget is where a segment is cut, not memory taken up front.
const WRITER_THREADS: usize = 1;
const WRITER_BUDGET_BYTES: usize = 400 * 1024 * 1024;

/// Stored fields are read only for the page shown: small blocks make each hit cheap to
/// decompress (tantivy's default block, 16 KiB, costs more than the rest of a hit).
const DOCSTORE_BLOCK_BYTES: usize = 2_048;

fn builder() -> tantivy::IndexBuilder {
    let settings = tantivy::IndexSettings { docstore_blocksize: DOCSTORE_BLOCK_BYTES, ..Default::default() };
    Index::builder().schema(document::schema().0).settings(settings)
}

fn internal(e: impl std::fmt::Display) -> Error {
    Error::Internal(format!("search: {e}"))
}

impl SearchIndex {
    /// An empty index in memory.
    ///
    /// # Errors
    /// tantivy cannot allocate its writer.
    pub fn in_memory() -> Result<Self, Error> {
        Self::wrap(builder().create_in_ram().map_err(internal)?)
    }

    /// An empty index in a new directory `dir`.
    ///
    /// # Errors
    /// The directory cannot be created, or it already holds an index.
    pub fn create_in_dir(dir: &Path) -> Result<Self, Error> {
        std::fs::create_dir_all(dir).map_err(internal)?;
        Self::wrap(builder().create_in_dir(dir).map_err(internal)?)
    }

    /// The index in `dir`, which must have this build's schema. Takes the directory's
    /// writer lock: one process writes an index at a time.
    ///
    /// # Errors
    /// No index there, another schema, or another process holds the writer.
    pub fn open_in_dir(dir: &Path) -> Result<Self, Error> {
        let index = Index::open_in_dir(dir).map_err(internal)?;
        if index.schema() != document::schema().0 {
            return Err(internal("the index on disk has another schema"));
        }
        Self::wrap(index)
    }

    fn wrap(index: Index) -> Result<Self, Error> {
        let fields = document::schema().1;
        let writer = index.writer_with_num_threads(WRITER_THREADS, WRITER_BUDGET_BYTES).map_err(internal)?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into().map_err(internal)?;
        Ok(Self {
            id: crate::cache::next_index_id(),
            index,
            reader,
            writer: Arc::new(Mutex::new(writer)),
            fields,
            tables: Default::default(),
            shown: Default::default(),
        })
    }

    /// The outbox id this index was last committed as current to, if it was.
    pub fn outbox_id(&self) -> Option<i64> {
        self.index.load_metas().ok()?.payload?.parse().ok()
    }

    /// Commits what the writer holds with `outbox_id` (or the one committed before) as the
    /// commit's payload.
    fn commit(&self, writer: &mut IndexWriter, outbox_id: Option<i64>) -> Result<(), Error> {
        let payload = outbox_id.or_else(|| self.outbox_id());
        let mut prepared = writer.prepare_commit().map_err(internal)?;
        if let Some(id) = payload {
            prepared.set_payload(&id.to_string());
        }
        prepared.commit().map_err(internal)?;
        Ok(())
    }

    /// Merges the committed segments into one (the commit's outbox id stays): a query then
    /// walks each term's postings and builds each fuzzy or prefix match once, not once per
    /// segment. Worth it after a full build; updates add small segments that tantivy's
    /// merge policy gathers as usual.
    fn merge_all(&self, writer: &mut IndexWriter) -> Result<(), Error> {
        let ids = self.index.searchable_segment_ids().map_err(internal)?;
        if ids.len() > 1 {
            writer.merge(&ids).wait().map_err(internal)?;
            // The merged segments' files go now rather than at the next commit.
            writer.garbage_collect_files().wait().map_err(internal)?;
        }
        Ok(())
    }

    /// Fills an empty index with every live listing, reading the database a page at a time
    /// and calling `progress(done, total)` as it goes; commits once, as current to
    /// `outbox_id`. On an error nothing is committed.
    ///
    /// # Errors
    /// The database cannot be read or the index written.
    pub async fn fill<C: ConnectionTrait>(
        &self,
        db: &C,
        outbox_id: i64,
        progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Result<u64, Error> {
        let result = self.fill_pages(db, progress).await;
        let mut writer = self.writer.lock().map_err(|_| internal("writer lock poisoned"))?;
        match result {
            Ok(done) => {
                self.commit(&mut writer, Some(outbox_id))?;
                self.merge_all(&mut writer)?;
                drop(writer);
                self.reader.reload().map_err(internal)?;
                Ok(done)
            }
            Err(e) => {
                writer.rollback().map_err(internal)?;
                Err(e)
            }
        }
    }

    /// Reads the database a page ahead of a blocking thread that turns each page into
    /// documents and hands them to the writer: reading, preparing and indexing overlap.
    async fn fill_pages<C: ConnectionTrait>(&self, db: &C, progress: &(dyn Fn(u64, u64) + Sync)) -> Result<u64, Error> {
        let total = load::count(db).await?;
        progress(0, total);
        let done = Arc::new(AtomicU64::new(0));
        // Two pages in flight at most: memory stays a few pages whatever the catalogue.
        let (pages, mut inbox) = tokio::sync::mpsc::channel::<Vec<Listing>>(2);
        let indexer = {
            let (writer, fields, done) = (Arc::clone(&self.writer), self.fields, Arc::clone(&done));
            tokio::task::spawn_blocking(move || -> Result<(), Error> {
                let writer = writer.lock().map_err(|_| internal("writer lock poisoned"))?;
                let mut documents = document::Documents::new(fields);
                while let Some(page) = inbox.blocking_recv() {
                    for l in &page {
                        writer.add_document(documents.make(l)).map_err(internal)?;
                    }
                    done.fetch_add(page.len() as u64, Ordering::Relaxed);
                }
                Ok(())
            })
        };
        let read = async {
            let mut after = 0_i64;
            loop {
                let page = load::page(db, after).await?;
                let Some(last) = page.last() else { break };
                after = last.id;
                let full = page.len() as u64 == load::PAGE;
                progress(done.load(Ordering::Relaxed), total);
                // The indexer stopped: its error is the one to report.
                if pages.send(page).await.is_err() || !full {
                    break;
                }
            }
            Ok::<_, Error>(())
        }
        .await;
        drop(pages);
        let indexed = indexer.await.map_err(internal);
        read?;
        indexed??;
        let done = done.load(Ordering::Relaxed);
        progress(done, total.max(done));
        Ok(done)
    }

    /// Replaces the whole index with the live listings in the database.
    ///
    /// # Errors
    /// The database cannot be read or the index written.
    pub async fn rebuild<C: ConnectionTrait>(&self, db: &C) -> Result<usize, Error> {
        let listings = load::all(db).await?;
        let count = self.replace_all(&listings)?;
        tracing::info!(search.documents = count, schema.version = document::SCHEMA_VERSION, "search index rebuilt");
        Ok(count)
    }

    /// Replaces the whole index with `listings` in one commit.
    ///
    /// # Errors
    /// The index cannot be written.
    pub fn replace_all(&self, listings: &[Listing]) -> Result<usize, Error> {
        {
            let mut writer = self.writer.lock().map_err(|_| internal("writer lock poisoned"))?;
            writer.delete_all_documents().map_err(internal)?;
            let mut documents = document::Documents::new(self.fields);
            for l in listings {
                writer.add_document(documents.make(l)).map_err(internal)?;
            }
            self.commit(&mut writer, None)?;
            self.merge_all(&mut writer)?;
        }
        self.reader.reload().map_err(internal)?;
        Ok(listings.len())
    }

    /// Re-reads products from the database: live ones are (re)indexed, others removed.
    ///
    /// # Errors
    /// The database cannot be read or the index written.
    pub async fn refresh<C: ConnectionTrait>(&self, db: &C, product_ids: &[i64]) -> Result<(), Error> {
        self.refresh_to(db, product_ids, None).await
    }

    /// [`Self::refresh`], committed as current to `outbox_id` when given.
    ///
    /// # Errors
    /// The database cannot be read or the index written.
    pub async fn refresh_to<C: ConnectionTrait>(
        &self,
        db: &C,
        product_ids: &[i64],
        outbox_id: Option<i64>,
    ) -> Result<(), Error> {
        let fresh = load::by_ids(db, product_ids).await?;
        self.replace_some_to(product_ids, &fresh, outbox_id)
    }

    /// Removes the listings `ids` and adds `listings` (fresh copies of some of them) in one
    /// commit.
    ///
    /// # Errors
    /// The index cannot be written.
    pub fn replace_some(&self, ids: &[i64], listings: &[Listing]) -> Result<(), Error> {
        self.replace_some_to(ids, listings, None)
    }

    fn replace_some_to(&self, ids: &[i64], listings: &[Listing], outbox_id: Option<i64>) -> Result<(), Error> {
        {
            let mut writer = self.writer.lock().map_err(|_| internal("writer lock poisoned"))?;
            for id in ids {
                writer.delete_term(Term::from_field_u64(self.fields.id, u64::try_from(*id).unwrap_or(0)));
            }
            let mut documents = document::Documents::new(self.fields);
            for l in listings {
                writer.add_document(documents.make(l)).map_err(internal)?;
            }
            self.commit(&mut writer, outbox_id)?;
        }
        self.reader.reload().map_err(internal)
    }

    #[cfg(test)]
    pub(crate) fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// The listings at `addresses`, those shown lately as they were read then.
    fn hits(&self, searcher: &Searcher, addresses: &[DocAddress]) -> Result<Vec<Hit>, Error> {
        let at: Vec<_> =
            addresses.iter().map(|a| (searcher.segment_reader(a.segment_ord).segment_id(), a.doc_id)).collect();
        self.shown.get_or_read(&at, |i| self.hit(searcher, addresses[i]))
    }

    fn hit(&self, searcher: &Searcher, address: DocAddress) -> Result<Hit, Error> {
        let mut doc: Stored = searcher.doc(address).map_err(internal)?;
        let f = &self.fields;
        let stars = doc.number(f.stars);
        let thumb = doc.text(f.thumb);
        Ok(Hit {
            id: doc.number(f.id),
            sku: doc.text(f.sku),
            slug: doc.text(f.slug),
            name: doc.text(f.name),
            shop: doc.text(f.shop),
            shop_name: doc.text(f.shop_name),
            province: doc.text(f.province),
            category: doc.text(f.category),
            ocop_stars: (stars > 0).then_some(stars),
            price_vnd: doc.signed(f.price),
            in_stock: doc.number(f.in_stock) > 0,
            thumb: (!thumb.is_empty()).then_some(thumb),
            name_marks: Vec::new(),
        })
    }

    /// # Errors
    /// [`Error::Invalid`] on `q` for an over-long query.
    pub fn search(&self, params: &SearchParams) -> Result<Results, Error> {
        Self::check(params)?;
        self.search_on(&self.reader.searcher(), params)
    }

    /// [`Self::search`], answered from `cache` when the same search already ran on the
    /// generation of the index serving now.
    ///
    /// # Errors
    /// [`Error::Invalid`] on `q` for an over-long query.
    pub fn search_cached(&self, params: &SearchParams, cache: &ResultCache) -> Result<Arc<Results>, Error> {
        Self::check(params)?;
        // The searcher first: an answer is filed under the generation it was read from.
        let searcher = self.reader.searcher();
        let stamp = (self.id, searcher.generation().generation_id());
        let key = Key::of(params);
        if let Some(found) = cache.get(stamp, &key) {
            return Ok(found);
        }
        let results = Arc::new(self.search_on(&searcher, params)?);
        cache.put(stamp, key, Arc::clone(&results));
        Ok(results)
    }

    /// Which index and which of its reader generations serves now: both only grow, and
    /// every change the outbox brings in (a listing approved, repriced, out of stock,
    /// reviewed) makes a newer one. Caches of what was read beside the index file their
    /// entries under it.
    pub fn stamp(&self) -> (u64, u64) {
        (self.id, self.reader.searcher().generation().generation_id())
    }

    /// What tells a search on this index's current generation apart from another: what its
    /// answer is cached under, and what it runs once under while it is asked again
    /// ([`crate::flights`]); none for parameters [`Self::search`] refuses.
    pub(crate) fn search_id(&self, params: &SearchParams) -> Option<SearchId> {
        Self::check(params).ok()?;
        Some(((self.id, self.reader.searcher().generation().generation_id()), Key::of(params)))
    }

    fn check(params: &SearchParams) -> Result<(), Error> {
        if params.q.chars().count() > query::MAX_QUERY_CHARS {
            return Err(Error::invalid("q", QueryError::TooLong.to_string()));
        }
        Ok(())
    }

    fn search_on(&self, searcher: &Searcher, params: &SearchParams) -> Result<Results, Error> {
        // Parsed once: for the query and for marking what matched.
        let parsed = query::parse(&params.q);
        let per_page = params.per_page.clamp(1, 100);
        let offset = params.page.saturating_sub(1).saturating_mul(per_page).min(10_000);
        let asked = fill::Asked { params, parsed: &parsed, offset, per_page };
        let found = self.matches(searcher, asked)?;
        let fill::Found { total, facets, addresses, partial, partial_from, kin_from } =
            self.with_kin(searcher, asked, found)?;
        let wanted = crate::highlight::wanted(&parsed);
        let mut hits = self.hits(searcher, &addresses)?;
        for hit in &mut hits {
            hit.name_marks = crate::highlight::marks(&hit.name, &wanted);
        }
        let suggestions =
            if total == 0 && !params.q.trim().is_empty() { self.instead(searcher, params)? } else { Vec::new() };
        Ok(Results { total, hits, facets, suggestions, partial, partial_from, kin_from })
    }

    /// Counts, facets and `per_page` listings from `offset` of `query`, in the order asked;
    /// by relevance, goods resold in the `places` asked for come down ([`crate::home`]).
    fn run(
        &self,
        searcher: &Searcher,
        params: &SearchParams,
        query: &dyn Query,
        places: &[crate::places::Place],
        offset: usize,
        per_page: usize,
    ) -> Result<(usize, Facets, Vec<DocAddress>), Error> {
        let tables = self.tables.of(searcher).map_err(internal)?;
        let resold = match params.sort {
            SearchSort::Relevance if !places.is_empty() => {
                Resold::new(places, self.tables.homes(searcher, &tables)).map(Arc::new)
            }
            _ => None,
        };
        let facets = FacetCollector { tables: Arc::clone(&tables) };
        Ok(match params.sort {
            SearchSort::Relevance => {
                // One pass over the postings counts, facets and ranks.
                let top = collector(offset, per_page, Arc::clone(&tables), resold);
                let (total, facets, top) = searcher.search(query, &(Count, facets, top)).map_err(internal)?;
                (total, facets, rerank(&tables, top, offset, per_page)?)
            }
            SearchSort::PriceAsc | SearchSort::PriceDesc => {
                let order = if params.sort == SearchSort::PriceAsc { Order::Asc } else { Order::Desc };
                let top = TopDocs::with_limit(per_page).and_offset(offset).order_by_fast_field::<i64>("price", order);
                let (total, facets, top) = searcher.search(query, &(Count, facets, top)).map_err(internal)?;
                (total, facets, top.into_iter().map(|(_, a)| a).collect())
            }
            SearchSort::Newest | SearchSort::BestSelling | SearchSort::Rating => {
                let field = match params.sort {
                    SearchSort::Newest => "approved_at",
                    SearchSort::Rating => "rating",
                    _ => "sales",
                };
                let top =
                    TopDocs::with_limit(per_page).and_offset(offset).order_by_fast_field::<i64>(field, Order::Desc);
                let (total, facets, top) = searcher.search(query, &(Count, facets, top)).map_err(internal)?;
                (total, facets, top.into_iter().map(|(_, a)| a).collect())
            }
        })
    }

    /// Up to five listings matching any one word of a query that found nothing, filters
    /// dropped: something to click instead of a dead end.
    fn instead(&self, searcher: &Searcher, params: &SearchParams) -> Result<Vec<Suggestion>, Error> {
        let loose = SearchParams { q: params.q.clone(), per_page: 5, page: 1, ..SearchParams::default() };
        let query = query::build_with(&self.fields, &loose, true).map_err(internal)?;
        let found = self.ranked(searcher, query.as_ref(), 5)?;
        Ok(self.hits(searcher, &found)?.into_iter().map(|h| Suggestion { text: h.name, slug: h.slug }).collect())
    }

    /// The first `limit` listings of `query` by relevance, neither counted nor faceted.
    fn ranked(&self, searcher: &Searcher, query: &dyn Query, limit: usize) -> Result<Vec<DocAddress>, Error> {
        let tables = self.tables.of(searcher).map_err(internal)?;
        let top = searcher.search(query, &collector(0, limit, Arc::clone(&tables), None)).map_err(internal)?;
        rerank(&tables, top, 0, limit)
    }

    /// Up to 8 product names starting with what was typed (folded), most popular first.
    ///
    /// # Errors
    /// The index cannot be read.
    pub fn suggest(&self, q: &str) -> Result<Vec<Suggestion>, Error> {
        let tokens = query::syllables(q);
        let Some((last, rest)) = tokens.split_last() else { return Ok(Vec::new()) };
        let f = &self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = rest
            .iter()
            .map(|t| -> (Occur, Box<dyn Query>) {
                (
                    Occur::Must,
                    Box::new(TermQuery::new(Term::from_field_text(f.name_folded, &fold(t)), IndexRecordOption::Basic)),
                )
            })
            .collect();
        clauses.push((Occur::Must, query::name_prefix(f, &fold(last), 1.0)));
        let searcher = self.reader.searcher();
        let top = TopDocs::with_limit(8).order_by_fast_field::<i64>("sales", Order::Desc);
        let found = searcher.search(&BooleanQuery::new(clauses), &top).map_err(internal)?;
        let found: Vec<DocAddress> = found.into_iter().map(|(_, a)| a).collect();
        Ok(self.hits(&searcher, &found)?.into_iter().map(|h| Suggestion { text: h.name, slug: h.slug }).collect())
    }

    pub fn documents(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    pub fn index(&self) -> &Index {
        &self.index
    }
}

/// Relevance with a gentle lift for stars, stock, sales and rating, and no shelf of near-copies:
/// the same good listed again (by another shop, in another size or pack) steps back, its
/// n-th listing's score divided by √n (a second size of the good asked for is still a good
/// answer; by n, it fell behind goods matching less of the query), and a shop's further
/// listings step back a little.
fn rerank(
    tables: &crate::per_doc::SearcherTables,
    top: Vec<(tantivy::Score, DocAddress)>,
    offset: usize,
    per_page: usize,
) -> Result<Vec<DocAddress>, Error> {
    // Everything ranking needs was read per segment ([`crate::per_doc`]) for the
    // collectors: stored documents are only opened for the page that is shown.
    let mut scored = Vec::with_capacity(top.len());
    for (score, address) in top {
        let table = crate::per_doc::segment(tables, address.segment_ord).map_err(internal)?;
        let (standing, shop) = table.rank(address.doc_id);
        scored.push((score * standing, address, shop, table.copy(address.doc_id)));
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut copies: std::collections::HashMap<u64, usize> = std::collections::HashMap::new();
    let mut per_shop: std::collections::HashMap<u64, usize> = std::collections::HashMap::new();
    let mut diversified: Vec<(f32, DocAddress)> = scored
        .into_iter()
        .map(|(score, address, shop, key)| {
            let n = copies.entry(key).or_insert(0);
            *n += 1;
            let m = per_shop.entry(shop).or_insert(0);
            *m += 1;
            let shop_step = 1.0 - 0.05 * (*m - 1).min(6) as f32;
            (score / (*n as f32).sqrt() * shop_step, address)
        })
        .collect();
    diversified.sort_by(|a, b| b.0.total_cmp(&a.0));
    Ok(diversified.into_iter().skip(offset).take(per_page).map(|(_, a)| a).collect())
}

/// How many of the best-scored listings are re-ranked for a page: enough for copies and
/// shops to step back without losing what comes after them.
fn window(offset: usize, per_page: usize) -> usize {
    (offset + per_page + 50).min(2_000)
}

/// Collects the window for a page, copies of one good thinned ([`DiverseTop`]).
fn collector(
    offset: usize,
    per_page: usize,
    tables: crate::per_doc::SearcherTables,
    resold: Option<Arc<Resold>>,
) -> DiverseTop {
    DiverseTop::new(window(offset, per_page), allowance(offset, per_page), tables, resold)
}

/// How many listings of one good the window holds before other goods are looked at: a
/// few on the first page, one more on each further page (up to 20, where a copy's score is
/// about a fifth of the first's after re-ranking, 1/√20); once other goods run out, further copies
/// fill the window anyway.
fn allowance(offset: usize, per_page: usize) -> usize {
    (3 + offset / per_page.max(1)).min(20)
}

/// What a listing's stars, stock, sales and rating multiply its relevance by: a gentle lift
/// for stars, sales and a good rating, a step back for a poor rating or none in stock.
pub(crate) fn standing(stars: u64, in_stock: bool, sales: i64, rating: i64) -> f32 {
    let lift = 1.0 + 0.04 * stars as f32;
    let stock = if in_stock { 1.0 } else { 0.6 };
    let popular = 1.0 + 0.01 * (1.0 + sales.max(0) as f32).ln();
    // Well rated goods step forward a little, poorly rated ones back; unrated stay.
    let rated = if rating > 0 { 1.0 + 0.04 * ((rating as f32 / 100.0) - 4.0).clamp(-2.0, 1.0) } else { 1.0 };
    lift * stock * popular * rated
}

/// A listing's stored values as read: tantivy's own document would copy each once more into
/// its compact form, and a hit then copied each text again (a tenth of a query's work).
struct Stored(Vec<(tantivy::schema::Field, OwnedValue)>);

impl DocumentDeserialize for Stored {
    fn deserialize<'de, D: DocumentDeserializer<'de>>(mut values: D) -> Result<Self, DeserializeError> {
        let mut all = Vec::with_capacity(values.size_hint());
        while let Some(value) = values.next_field::<OwnedValue>()? {
            all.push(value);
        }
        Ok(Self(all))
    }
}

impl Stored {
    /// The field's first value.
    fn first(&mut self, field: tantivy::schema::Field) -> Option<&mut OwnedValue> {
        self.0.iter_mut().find(|(f, _)| *f == field).map(|(_, v)| v)
    }

    /// Taken out: each field is read once.
    fn text(&mut self, field: tantivy::schema::Field) -> String {
        match self.first(field) {
            Some(OwnedValue::Str(s)) => std::mem::take(s),
            _ => String::new(),
        }
    }

    fn number(&mut self, field: tantivy::schema::Field) -> u64 {
        match self.first(field) {
            Some(OwnedValue::U64(n)) => *n,
            _ => 0,
        }
    }

    fn signed(&mut self, field: tantivy::schema::Field) -> i64 {
        match self.first(field) {
            Some(OwnedValue::I64(n)) => *n,
            _ => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    #![expect(clippy::unwrap_used, reason = "tests fail loudly")]

    use tantivy::DocAddress;

    /// Every listing stored reads back as the listing that was indexed, field by field.
    #[test]
    fn a_hit_reads_back_the_listing_indexed() {
        let (catalogue, _) = crate::eval::dev_set().unwrap();
        let index = crate::eval::index_catalogue(&catalogue).unwrap();
        let searcher = index.searcher();
        let mut seen = 0;
        for (ord, reader) in searcher.segment_readers().iter().enumerate() {
            for doc in 0..reader.max_doc() {
                let hit = index.hit(&searcher, DocAddress::new(ord as u32, doc)).unwrap();
                let l = catalogue.listings.iter().find(|l| u64::try_from(l.id).unwrap() == hit.id).unwrap();
                assert_eq!(
                    (&hit.slug, &hit.sku, &hit.name, &hit.shop, &hit.shop_name, &hit.province, &hit.category),
                    (&l.slug, &l.sku, &l.name, &l.shop_slug, &l.shop_name, &l.province_code, &l.category)
                );
                let stars = l.stars.filter(|s| *s > 0).map(|s| u64::try_from(s).unwrap());
                assert_eq!(
                    (hit.ocop_stars, hit.price_vnd, hit.in_stock),
                    (stars, l.price_vnd, l.in_stock),
                    "{}",
                    l.slug
                );
                assert_eq!(hit.thumb, l.thumb.clone().filter(|t| !t.is_empty()), "{}", l.slug);
                seen += 1;
            }
        }
        assert_eq!(seen, catalogue.listings.len());
    }

    /// A listing shown once and then changed (repriced, sold out, renamed) shows as it is
    /// now: what was kept of it belongs to the segment it was read from.
    #[test]
    fn a_listing_changed_after_it_was_shown_shows_as_it_is_now() {
        let (catalogue, _) = crate::eval::dev_set().unwrap();
        let index = crate::eval::index_catalogue(&catalogue).unwrap();
        let mut listing = catalogue.listings[0].clone();
        let params = crate::SearchParams { q: listing.name.clone(), per_page: 5, ..Default::default() };
        let slug = listing.slug.clone();
        let shown = |index: &crate::SearchIndex| {
            let results = index.search(&params).unwrap();
            results.hits.into_iter().find(|h| h.slug == slug).unwrap()
        };
        let before = shown(&index);
        assert_eq!((before.price_vnd, before.in_stock), (listing.price_vnd, listing.in_stock));
        listing.price_vnd += 1_000;
        listing.in_stock = !listing.in_stock;
        listing.shop_name = format!("{} (mới)", listing.shop_name);
        index.replace_some(&[listing.id], std::slice::from_ref(&listing)).unwrap();
        let after = shown(&index);
        assert_eq!((after.price_vnd, after.in_stock), (listing.price_vnd, listing.in_stock));
        assert_eq!(after.shop_name, listing.shop_name);
    }
}
