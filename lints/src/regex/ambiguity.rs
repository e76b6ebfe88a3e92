//! Ambiguity of the position automaton, as a backtracker experiences it (Weideman et
//! al., CIAA 2016): a state with two distinct loops on one word (EDA) makes the number
//! of failing paths exponential in the pumps; a chain of k states each looping on the
//! word and leading to the next (IDA) makes it polynomial of degree k. Every witness
//! comes with a suffix checked to make the whole match fail, or it is dropped.

use super::graph::{components, shortest_path};
use super::nfa::{Label, Nfa};
use std::collections::HashMap;

/// An attack as class ids: `prefix pump^n suffix` makes the engine fail slowly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Witness {
    pub prefix: Vec<usize>,
    pub pump: Vec<usize>,
    pub suffix: Vec<usize>,
}

/// What the automaton says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Safe,
    Polynomial(u32, Witness),
    Exponential(Witness),
    OverBudget,
}

/// Marks that the step budget ran out.
struct OverBudget;

type Found<T> = Result<Option<T>, OverBudget>;

/// How many times an attack is pumped while checking that its suffix makes it fail.
const CHECKED_PUMPS: usize = 12;
/// The most candidate words tried for polynomial chains.
const MAX_CANDIDATES: usize = 24;
/// The longest suffix searched for, and the most state sets the search visits
/// (`\na\na` is needed for `^\s*(.*?)\s*$`).
const MAX_SUFFIX: usize = 6;
const MAX_SUFFIX_SETS: usize = 2_000;

/// Decides the ambiguity of `nfa` within `max_steps` elementary steps.
pub fn analyze(nfa: &Nfa, max_steps: u64) -> Outcome {
    let mut analysis = Analysis::new(nfa, max_steps);
    match analysis.run() {
        Ok(outcome) => outcome,
        Err(OverBudget) => Outcome::OverBudget,
    }
}

struct Analysis<'a> {
    nfa: &'a Nfa,
    steps: u64,
    max_steps: u64,
    component: Vec<usize>,
    reachable: Vec<bool>,
    retry: bool,
    char_edges: Vec<Vec<(usize, usize)>>,
}

impl<'a> Analysis<'a> {
    fn new(nfa: &'a Nfa, max_steps: u64) -> Analysis<'a> {
        let adjacency: Vec<Vec<usize>> = nfa.states.iter().map(|s| s.next.clone()).collect();
        let char_edges = (0..nfa.states.len())
            .map(|s| {
                let mut targets: Vec<(usize, usize)> = Vec::new();
                for &t in &nfa.states[s].next {
                    if let (Label::Chars(bits), false) =
                        (&nfa.states[t].label, targets.iter().any(|e| e.0 == t))
                    {
                        targets.extend(bits.iter().next().map(|class| (t, class)));
                    }
                }
                targets
            })
            .collect();
        let mut analysis = Analysis {
            nfa,
            steps: 0,
            max_steps,
            component: components(&adjacency),
            reachable: Vec::new(),
            retry: nfa.states[0]
                .next
                .iter()
                .any(|&t| nfa.states[t].label != Label::TextStart),
            char_edges,
        };
        analysis.reachable = analysis.reachable_states();
        analysis
    }

    fn run(&mut self) -> Result<Outcome, OverBudget> {
        if self.accepts_now(&self.start_set()) {
            // The empty match at the first start succeeds: no suffix can fail it.
            return Ok(Outcome::Safe);
        }
        let groups = self.loop_groups();
        for group in &groups {
            let found = match self.parallel_loop_in(group) {
                Some(found) => Some(found),
                None => self.eda_in(group)?,
            };
            if let Some((state, pump)) = found {
                let prefix = self.prefix_to(state);
                if let Some(suffix) = self.failing_suffix(&prefix, &pump, false)? {
                    return Ok(Outcome::Exponential(Witness {
                        prefix,
                        pump,
                        suffix,
                    }));
                }
            }
        }
        match self.longest_ida_chain(&groups)? {
            Some((degree, witness)) => Ok(Outcome::Polynomial(degree, witness)),
            None => Ok(Outcome::Safe),
        }
    }

    fn tick(&mut self, cost: usize) -> Result<(), OverBudget> {
        self.steps += cost as u64;
        if self.steps > self.max_steps {
            Err(OverBudget)
        } else {
            Ok(())
        }
    }

    fn reads(&self, state: usize, class: usize) -> bool {
        matches!(&self.nfa.states[state].label, Label::Chars(bits) if bits.contains(class))
    }

    fn start_set(&self) -> Vec<usize> {
        let mut set = vec![0];
        let mut i = 0;
        while let Some(&s) = set.get(i) {
            for &t in &self.nfa.states[s].next {
                if self.nfa.states[t].label == Label::TextStart && !set.contains(&t) {
                    set.push(t);
                }
            }
            i += 1;
        }
        set
    }

    fn reachable_states(&self) -> Vec<bool> {
        let mut seen = vec![false; self.nfa.states.len()];
        let mut stack = self.start_set();
        while let Some(s) = stack.pop() {
            if !std::mem::replace(&mut seen[s], true) {
                stack.extend(self.char_edges[s].iter().map(|e| e.0));
            }
        }
        seen
    }

    /// The states after reading `class` from any of `set`, kept by `keep`.
    fn step(
        &mut self,
        set: &[usize],
        class: usize,
        keep: &dyn Fn(usize) -> bool,
    ) -> Result<Vec<usize>, OverBudget> {
        let mut out: Vec<usize> = Vec::new();
        for &s in set {
            self.tick(self.nfa.states[s].next.len())?;
            for &t in &self.nfa.states[s].next {
                if self.reads(t, class) && keep(t) && !out.contains(&t) {
                    out.push(t);
                }
            }
        }
        Ok(out)
    }

    fn walk(
        &mut self,
        from: Vec<usize>,
        word: &[usize],
        keep: &dyn Fn(usize) -> bool,
    ) -> Result<Vec<usize>, OverBudget> {
        word.iter()
            .try_fold(from, |set, &class| self.step(&set, class, keep))
    }

    fn accepts_now(&self, set: &[usize]) -> bool {
        set.iter().any(|&s| self.nfa.states[s].accepting)
    }

    /// Whether the pattern accepts at the end of the text from `set`, through `$`s.
    fn accepts_at_end(&self, set: &[usize]) -> bool {
        let mut pending = set.to_vec();
        let mut seen = Vec::new();
        while let Some(s) = pending.pop() {
            if self.nfa.states[s].accepting {
                return true;
            }
            for &t in &self.nfa.states[s].next {
                if self.nfa.states[t].label == Label::TextEnd && !seen.contains(&t) {
                    seen.push(t);
                    pending.push(t);
                }
            }
        }
        false
    }

    /// Whether every match attempt starting before `retry_until` fails on `word`
    /// (attempts starting later come after the slow ones and do not matter).
    fn fails(&mut self, word: &[usize], retry_until: usize) -> Result<bool, OverBudget> {
        Ok(match self.states_after(word, retry_until)? {
            Some(set) => !self.accepts_at_end(&set),
            None => false,
        })
    }

    /// The states after `word`, or `None` if some attempt matched on the way.
    fn states_after(&mut self, word: &[usize], retry_until: usize) -> Found<Vec<usize>> {
        let mut set = self.start_set();
        for (at, &class) in word.iter().enumerate() {
            if self.accepts_now(&set) {
                return Ok(None);
            }
            set = self.step(&set, class, &|_| true)?;
            if self.retry && at + 1 < retry_until && !set.contains(&0) {
                set.push(0);
            }
        }
        Ok((!self.accepts_now(&set)).then_some(set))
    }

    /// A shortest suffix that takes the states after the pumped attack to no state
    /// at all without matching on the way, by a bounded search over state sets.
    fn searched_suffix(
        &mut self,
        prefix: &[usize],
        pump: &[usize],
        via_retry: bool,
    ) -> Found<Vec<usize>> {
        let word = attack_word(prefix, pump, CHECKED_PUMPS, &[]);
        let retry_until = if via_retry { word.len() } else { 0 };
        let Some(start) = self.states_after(&word, retry_until)? else {
            return Ok(None);
        };
        let classes = self.classes_dead_first();
        let mut seen: Vec<Vec<usize>> = vec![sorted(start.clone())];
        let mut queue = std::collections::VecDeque::from([(start, Vec::new())]);
        while let Some((set, suffix)) = queue.pop_front() {
            if set.is_empty() {
                return Ok(Some(suffix));
            }
            if suffix.len() >= MAX_SUFFIX || seen.len() > MAX_SUFFIX_SETS {
                continue;
            }
            for &class in &classes {
                let next = self.step(&set, class, &|_| true)?;
                let key = sorted(next.clone());
                if !self.accepts_now(&next) && !seen.contains(&key) {
                    seen.push(key);
                    queue.push_back((next, [suffix.as_slice(), &[class]].concat()));
                }
            }
        }
        Ok(None)
    }

    fn is_looping(&self, s: usize) -> bool {
        let c = self.component[s];
        self.nfa.states[s].next.contains(&s)
            || self.nfa.states[s]
                .next
                .iter()
                .any(|&t| t != s && self.component[t] == c)
    }

    /// Reachable looping positions grouped by component and innermost atomic group:
    /// a loop that leaves its atomic group, or enters a delegated part, cannot be
    /// backtracked into and is not a witness.
    fn loop_groups(&self) -> Vec<Vec<usize>> {
        let mut groups: HashMap<(usize, Option<usize>), Vec<usize>> = HashMap::new();
        for (s, state) in self.nfa.states.iter().enumerate() {
            let eligible = matches!(state.label, Label::Chars(_)) && !state.delegated;
            if eligible && self.reachable[s] && self.is_looping(s) {
                groups
                    .entry((self.component[s], state.atomic))
                    .or_default()
                    .push(s);
            }
        }
        let mut groups: Vec<_> = groups.into_iter().collect();
        groups.sort();
        groups.into_iter().map(|(_, members)| members).collect()
    }

    fn common_class(&self, p: usize, q: usize) -> Option<usize> {
        match (&self.nfa.states[p].label, &self.nfa.states[q].label) {
            (Label::Chars(a), Label::Chars(b)) => a.first_common(b),
            _ => None,
        }
    }

    /// The shortest word leading from the start to `state`.
    fn prefix_to(&self, state: usize) -> Vec<usize> {
        shortest_path(
            &self.char_edges,
            &self.start_set(),
            |s| s == state,
            |_| true,
        )
        .unwrap_or_default()
    }

    /// The shortest text the pattern matches: appended after a dead character, it
    /// defeats the engines' "required literal" shortcuts without making attempts
    /// that start in the pumped part succeed.
    fn shortest_match(&self) -> Option<Vec<usize>> {
        let accepts = |s: usize| self.accepts_at_end(&[s]);
        shortest_path(&self.char_edges, &self.start_set(), accepts, |_| true)
    }

    /// Suffixes to try first: one character then a match (see `shortest_match`),
    /// dead characters first; then one character alone; then nothing.
    fn suffix_candidates(&self) -> Vec<Vec<usize>> {
        let classes = self.classes_dead_first();
        let mut candidates: Vec<Vec<usize>> = Vec::new();
        if let Some(example) = self.shortest_match().filter(|e| !e.is_empty()) {
            candidates.extend(classes.iter().map(|&c| [vec![c], example.clone()].concat()));
        }
        candidates.extend(classes.iter().map(|&c| vec![c]));
        candidates.push(Vec::new());
        candidates
    }

    /// A suffix after which every path fails, checked for several pump counts.
    /// Characters no position reads come first, then the empty suffix, then the rest.
    fn failing_suffix(
        &mut self,
        prefix: &[usize],
        pump: &[usize],
        via_retry: bool,
    ) -> Found<Vec<usize>> {
        let mut candidates = self.suffix_candidates();
        candidates.extend(self.searched_suffix(prefix, pump, via_retry)?);
        for suffix in candidates {
            let mut all_fail = true;
            for pumps in 1..=CHECKED_PUMPS {
                let word = attack_word(prefix, pump, pumps, &suffix);
                let retry_until = if via_retry {
                    word.len() - suffix.len()
                } else {
                    0
                };
                if !self.fails(&word, retry_until)? {
                    all_fail = false;
                    break;
                }
            }
            if all_fail {
                return Ok(Some(suffix));
            }
        }
        Ok(None)
    }
}

fn sorted(mut set: Vec<usize>) -> Vec<usize> {
    set.sort_unstable();
    set
}

/// `prefix pump^pumps suffix`.
pub fn attack_word(prefix: &[usize], pump: &[usize], pumps: usize, suffix: &[usize]) -> Vec<usize> {
    let mut word = prefix.to_vec();
    for _ in 0..pumps {
        word.extend_from_slice(pump);
    }
    word.extend_from_slice(suffix);
    word
}

/// The product of the automaton with itself, restricted to one loop group.
struct Product {
    pairs: Vec<(usize, usize)>,
    edges: Vec<Vec<(usize, usize)>>,
    divergent: Vec<(usize, usize, usize)>,
}

impl Analysis<'_> {
    /// The cheap case of EDA: two parallel edges (two epsilon routes, as in `(a*)*`)
    /// from a state to a target that leads back to it.
    fn parallel_loop_in(&self, group: &[usize]) -> Option<(usize, Vec<usize>)> {
        group.iter().find_map(|&p| {
            let next = &self.nfa.states[p].next;
            next.iter().enumerate().find_map(|(i, &t)| {
                let parallel = group.contains(&t) && next[..i].contains(&t);
                let class = self.common_class(t, t).filter(|_| parallel)?;
                let back =
                    shortest_path(&self.char_edges, &[t], |n| n == p, |n| group.contains(&n))?;
                Some((p, std::iter::once(class).chain(back).collect()))
            })
        })
    }

    /// A state of `group` with two distinct loops on one word, and that word.
    fn eda_in(&mut self, group: &[usize]) -> Found<(usize, Vec<usize>)> {
        let product = self.product(group)?;
        let adjacency: Vec<Vec<usize>> = product
            .edges
            .iter()
            .map(|e| e.iter().map(|x| x.0).collect())
            .collect();
        let component = components(&adjacency);
        let is_diagonal = |n: usize| product.pairs[n].0 == product.pairs[n].1;
        for (node, &(q, _)) in product
            .pairs
            .iter()
            .enumerate()
            .filter(|(n, _)| is_diagonal(*n))
        {
            let c = component[node];
            let inside = |n: usize| component[n] == c;
            let path = |from: usize, to: usize| {
                shortest_path(&product.edges, &[from], |n| n == to, inside)
            };
            if let Some(split) = (0..product.pairs.len()).find(|&n| inside(n) && !is_diagonal(n)) {
                if let (Some(mut there), Some(back)) = (path(node, split), path(split, node)) {
                    there.extend(back);
                    return Ok(Some((q, there)));
                }
            }
            for &(from, to, class) in product
                .divergent
                .iter()
                .filter(|d| inside(d.0) && inside(d.1))
            {
                if let (Some(mut there), Some(back)) = (path(node, from), path(to, node)) {
                    there.push(class);
                    there.extend(back);
                    return Ok(Some((q, there)));
                }
            }
        }
        Ok(None)
    }

    fn product(&mut self, group: &[usize]) -> Result<Product, OverBudget> {
        let mut index: HashMap<(usize, usize), usize> = HashMap::new();
        let mut product = Product {
            pairs: Vec::new(),
            edges: Vec::new(),
            divergent: Vec::new(),
        };
        for &p in group {
            intern(&mut index, &mut product, (p, p));
        }
        let mut i = 0;
        while let Some(&(p, q)) = product.pairs.get(i) {
            let targets_p = distinct_in(&self.nfa.states[p].next, group);
            let targets_q = distinct_in(&self.nfa.states[q].next, group);
            self.tick(targets_p.len() * targets_q.len() + 1)?;
            for &p2 in &targets_p {
                for &q2 in &targets_q {
                    if let Some(class) = self.common_class(p2, q2) {
                        let target = intern(&mut index, &mut product, (p2, q2));
                        product.edges[i].push((target, class));
                    }
                }
                let parallel = self.nfa.states[p].next.iter().filter(|&&t| t == p2).count();
                if p == q && parallel > 1 {
                    if let Some(class) = self.common_class(p2, p2) {
                        let target = intern(&mut index, &mut product, (p2, p2));
                        product.divergent.push((i, target, class));
                    }
                }
            }
            i += 1;
        }
        Ok(product)
    }
}

fn intern(
    index: &mut HashMap<(usize, usize), usize>,
    product: &mut Product,
    pair: (usize, usize),
) -> usize {
    *index.entry(pair).or_insert_with(|| {
        product.pairs.push(pair);
        product.edges.push(Vec::new());
        product.pairs.len() - 1
    })
}

fn distinct_in(targets: &[usize], group: &[usize]) -> Vec<usize> {
    let mut out: Vec<usize> = targets
        .iter()
        .copied()
        .filter(|t| group.contains(t))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

impl Analysis<'_> {
    /// The longest chain of looping states on one candidate word whose attack fails.
    fn longest_ida_chain(&mut self, groups: &[Vec<usize>]) -> Found<(u32, Witness)> {
        let mut best: Option<(u32, Witness)> = None;
        for pump in self.candidate_words(groups) {
            let Some((degree, start, via_retry)) = self.chain_for(groups, &pump)? else {
                continue;
            };
            if degree < 2 || best.as_ref().is_some_and(|(d, _)| *d >= degree) {
                continue;
            }
            let prefixes = if via_retry {
                self.retry_prefixes()
            } else {
                vec![self.prefix_to(start)]
            };
            for prefix in prefixes {
                if let Some(suffix) = self.failing_suffix(&prefix, &pump, via_retry)? {
                    best = Some((
                        degree,
                        Witness {
                            prefix,
                            pump,
                            suffix,
                        },
                    ));
                    break;
                }
            }
        }
        Ok(best)
    }

    /// Prefixes for an attack that every start position pays for: none, or one
    /// character that makes the anchored alternatives fail at the first start (as in
    /// `^\s+|\s+$`).
    fn retry_prefixes(&self) -> Vec<Vec<usize>> {
        let mut classes = self.classes_dead_first();
        classes.truncate(MAX_CANDIDATES);
        std::iter::once(Vec::new())
            .chain(classes.into_iter().map(|c| vec![c]))
            .collect()
    }

    /// Every class, those that no position reads first.
    fn classes_dead_first(&self) -> Vec<usize> {
        let read_by_none = |c: usize| !(0..self.nfa.states.len()).any(|s| self.reads(s, c));
        let mut classes: Vec<usize> = (0..self.nfa.alphabet.representatives.len()).collect();
        classes.sort_by_key(|&c| !read_by_none(c));
        classes
    }

    /// Words to pump: each class a self-looping state reads, a shortest cycle
    /// through each looping state, and the word that leads to it (pumping `foo` in
    /// `foo\w+bar` makes every start position scan the rest).
    fn candidate_words(&self, groups: &[Vec<usize>]) -> Vec<Vec<usize>> {
        let mut words: Vec<Vec<usize>> = Vec::new();
        for group in groups {
            for &p in group {
                if let (true, Label::Chars(bits)) = (
                    self.nfa.states[p].next.contains(&p),
                    &self.nfa.states[p].label,
                ) {
                    words.extend(bits.iter().take(4).map(|c| vec![c]));
                }
                words.extend(self.shortest_cycle(p, group));
                let lead = self.prefix_to(p);
                if (2..=16).contains(&lead.len()) {
                    words.push(lead);
                }
            }
        }
        let doubled: Vec<Vec<usize>> = words
            .iter()
            .filter(|w| w.len() == 1)
            .map(|w| w.repeat(2))
            .collect();
        words.extend(doubled);
        words.sort_by_key(|w| w.len());
        let mut unique: Vec<Vec<usize>> = Vec::new();
        for word in words {
            if !unique.contains(&word) && unique.len() < MAX_CANDIDATES {
                unique.push(word);
            }
        }
        unique
    }

    fn shortest_cycle(&self, p: usize, group: &[usize]) -> Option<Vec<usize>> {
        self.char_edges[p]
            .iter()
            .filter(|(t, _)| group.contains(t))
            .filter_map(|&(t, class)| {
                let rest =
                    shortest_path(&self.char_edges, &[t], |n| n == p, |n| group.contains(&n))?;
                Some(std::iter::once(class).chain(rest).collect::<Vec<_>>())
            })
            .min_by_key(Vec::len)
    }

    /// The longest IDA chain on `pump`: its degree, first state, and whether the
    /// retry at every start position is its first link.
    fn chain_for(&mut self, groups: &[Vec<usize>], pump: &[usize]) -> Found<(u32, usize, bool)> {
        let mut loops: Vec<usize> = Vec::new();
        for group in groups {
            for &p in group {
                let in_group = |s: usize| group.contains(&s);
                if self.walk(vec![p], pump, &in_group)?.contains(&p) {
                    loops.push(p);
                }
            }
        }
        loops.sort_by_key(|&p| self.component[p]);
        let mut chain: HashMap<usize, u32> = HashMap::new();
        let mut best: Option<(u32, usize, bool)> = None;
        for &p in &loops {
            let reached = self.walk(vec![p], pump, &|_| true)?;
            let below = loops
                .iter()
                .filter(|&&q| self.component[q] < self.component[p] && reached.contains(&q))
                .filter_map(|q| chain.get(q))
                .max()
                .copied()
                .unwrap_or(0);
            chain.insert(p, below + 1);
            let via_retry = self.retry && self.entered_by_retry(p, pump)?;
            let degree = below + 1 + u32::from(via_retry);
            if best.is_none_or(|(d, _, _)| degree > d) {
                best = Some((degree, p, via_retry));
            }
        }
        Ok(best)
    }

    /// Whether a match started inside the pumped text reaches `p` on a suffix of the
    /// pump: then every start position pays for the loop at `p` again.
    fn entered_by_retry(&mut self, p: usize, pump: &[usize]) -> Result<bool, OverBudget> {
        for start in 0..pump.len() {
            if self.walk(vec![0], &pump[start..], &|_| true)?.contains(&p) {
                return Ok(true);
            }
        }
        Ok(false)
    }
}
