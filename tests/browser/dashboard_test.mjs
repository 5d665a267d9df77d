// The dashboard in a real browser: Debian's chromium, headless, driven by
// puppeteer-core against a running tkp-server (started with the samples by
// tests/integration/dashboard_browser_test.cc, which runs this script and
// passes what it needs in the environment). Exits 1 naming every check that
// failed; screenshots go to TKP_ARTEFACTS.
//
//   TKP_DASHBOARD_URL   the page (http://127.0.0.1:PORT/)
//   TKP_CLI, TKP_SERVER the tkp CLI and the server's gRPC address, to import
//                       a document while the page is open
//   TKP_LIVE_IMPORT     that import's CLI arguments, as JSON
//   TKP_MAPS            server/http/dashboard/geo, to count the regions
//   TKP_TOKEN           a reader token, where the server asks for one
//   TKP_BROWSER_MODULES .local/browser/node_modules (deploy/install-deps.sh)
import {execFileSync} from 'node:child_process';
import {readFileSync, mkdirSync} from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';

const env = (name) => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};
const modules = env('TKP_BROWSER_MODULES');
let puppeteer;
try {
  puppeteer = createRequire(path.resolve(modules, 'x.js'))('puppeteer-core');
} catch (error) {
  console.error(`puppeteer-core is not in ${modules}: run deploy/install-deps.sh`);
  process.exit(1);
}

const url = env('TKP_DASHBOARD_URL');
const token = process.env.TKP_TOKEN || '';
const artefacts = env('TKP_ARTEFACTS');
mkdirSync(artefacts, {recursive: true});
// Only when something is broken: a sanitizer build on a busy machine is
// slow, and no check depends on how fast anything is.
const PATIENCE = 180000;

const failures = [];
function check(ok, what) {
  if (!ok) failures.push(what);
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
}

// The API's figures, read apart from the page, to compare what it shows.
async function api(route) {
  const response = await fetch(new URL(route, url),
    {headers: token ? {Authorization: `Bearer ${token}`} : {}});
  if (!response.ok) throw new Error(`${route}: ${response.status}`);
  return response.json();
}
// Dutch notation, as a reader expects it ("28.788", "73,0%"), written here
// independently of the page's own formatting.
const count = (n) => new Intl.NumberFormat('nl-NL').format(n);
const share = (x) => new Intl.NumberFormat('nl-NL', {style: 'percent',
  minimumFractionDigits: 1, maximumFractionDigits: 1}).format(x);

// The regions a year's map draws (TopoJSON objects' geometries).
function mapCodes(year) {
  const topology = JSON.parse(readFileSync(
    path.join(env('TKP_MAPS'), `arbeidsmarktregio_${year}.topojson`), 'utf8'));
  return Object.values(topology.objects)[0].geometries
    .map((g) => g.properties.statcode).sort();
}

async function rankingRows(page) {
  return page.$$eval('#ranking tbody tr', (rows) => rows.map(
    (tr) => [...tr.cells].map((td) => td.textContent.trim())));
}

const browser = await puppeteer.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  // The page is tkp's own, on this machine; chromium's sandbox needs user
  // namespaces that containers and root often lack.
  args: ['--no-sandbox', '--lang=nl-NL'],
});
try {
  const page = await browser.newPage();
  page.setDefaultTimeout(PATIENCE);
  await page.setViewport({width: 1280, height: 1000});
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(url);

  if (token) {
    // Asks for a token, keeps it for the tab's session only.
    await page.waitForSelector('#token-form:not([hidden])');
    check(await page.$eval('#main', (e) => e.hidden), 'no figures before a token');
    // The browser logs the 401s the page learnt this from; errors count
    // from here on.
    errors.length = 0;
    await page.type('#token', token);
    await page.click('#token-form button');
    await page.waitForSelector('body[data-shown]');
    check(await page.evaluate(() => sessionStorage.getItem('tkp-token')) === token &&
          await page.evaluate(() => localStorage.length === 0 &&
                                    !location.href.includes('token')),
          'the token is kept in sessionStorage, never in localStorage or the URL');
  }
  await page.waitForSelector('body[data-shown]');
  const publications = await api('/v1/publications');
  const latest = publications.map((p) => p.period).sort().at(-1);
  const shown = await page.$eval('body', (b) => b.dataset.shown);
  check(shown === latest, `the latest quarter is shown first (${shown}, API ${latest})`);

  // One shape per region of that year's map, coloured where the API has
  // figures and hatched grey where it has none.
  const codes = await page.$$eval('#map path[data-code]',
                                  (ps) => ps.map((p) => p.dataset.code).sort());
  const expectedCodes = mapCodes(Number(latest.slice(0, 4)));
  check(codes.length === 35 && JSON.stringify(codes) === JSON.stringify(expectedCodes),
        `the map has one shape per region (${codes.length})`);
  const coverage = await api(`/v1/coverage?period=${latest}`);
  const coloured = await page.$$eval('#map path[fill]',
                                     (ps) => ps.map((p) => p.dataset.code).sort());
  check(JSON.stringify(coloured) ===
        JSON.stringify(coverage.map((r) => r.regionCbsCode).sort()),
        `exactly the regions with figures are coloured (${coloured.join(' ')})`);
  check((await page.$$('#map path.none')).length === 35 - coverage.length,
        'the others are drawn as having none');

  // The ranked table says what the API says, in Dutch notation.
  const expectedRows = coverage.map((r) => [String(r.rank), r.regionName,
    r.regionCbsCode, count(r.total), count(r.registerSize), share(r.coverage),
    share(r.profileShare)]);
  check(JSON.stringify(await rankingRows(page)) === JSON.stringify(expectedRows),
        'the ranking holds the API\'s figures');

  // Hovering a region shows its figures.
  const first = coverage[0];
  await page.hover(`#map path[data-code=${first.regionCbsCode}]`);
  await page.waitForFunction((code) =>
    document.getElementById('hover').dataset.code === code, {}, first.regionCbsCode);
  const hover = await page.$eval('#hover', (e) => e.textContent);
  check(hover.includes(first.regionName) && hover.includes(count(first.total)) &&
        hover.includes(count(first.registerSize)) && hover.includes(share(first.coverage)),
        `hovering ${first.regionCbsCode} shows its figures: "${hover}"`);
  await page.screenshot({path: path.join(artefacts, 'dashboard-overview.png'),
                         fullPage: true});

  // Selected by keyboard: its page with municipalities and GM codes.
  const second = coverage.at(-1);
  // Reached with Tab from the period picker (every region is in the tab
  // order), chosen with Enter.
  await page.focus('#period');
  let presses = 0;
  while (presses < 100 && await page.evaluate((code) =>
    document.activeElement?.dataset?.code !== code, second.regionCbsCode)) {
    await page.keyboard.press('Tab');
    ++presses;
  }
  check(presses < 100, `${second.regionCbsCode} is reached with Tab (${presses} presses)`);
  await page.keyboard.press('Enter');
  await page.waitForFunction((code) => {
    const section = document.getElementById('region');
    return !section.hidden && section.dataset.code === code &&
           document.querySelector('#region-municipalities tbody tr') !== null;
  }, {}, second.regionCbsCode);
  const municipalities = await api(
    `/v1/regions/${second.regionCbsCode}/municipalities?period=${latest}`);
  const municipalityRows = await page.$$eval('#region-municipalities tbody tr',
    (rows) => rows.map((tr) => [...tr.cells].map((td) => td.textContent.trim())));
  check(JSON.stringify(municipalityRows) === JSON.stringify(municipalities.map((m) =>
    [m.municipalityName, m.municipalityCode, count(m.municipalityWithProfile),
     count(m.municipalityWithoutProfile), count(m.uwvWithProfile),
     count(m.uwvWithoutProfile), count(m.total)])),
    `Enter on ${second.regionCbsCode} lists its ${municipalities.length} municipalities as the API does`);
  check(await page.$eval('#region-chart', (svg) =>
    svg.querySelectorAll('circle.coverage').length) ===
    (await api(`/v1/regions/${second.regionCbsCode}/history`)).length,
    'its chart has a point per quarter of its history');
  check(await page.evaluate(() => location.hash).then((h) =>
    h.includes(`region=${second.regionCbsCode}`)), 'the view is in the URL');

  // A municipality's history.
  const municipality = municipalities[0];
  await page.click('#region-municipalities tbody tr button');
  await page.waitForFunction((code) =>
    document.getElementById('municipality').dataset.code === code &&
    document.querySelector('#municipality-history tbody tr') !== null,
  {}, municipality.municipalityCode);
  const historyRows = await page.$$eval('#municipality-history tbody tr',
    (rows) => rows.map((tr) => [...tr.cells].map((td) => td.textContent.trim())));
  const history = await api(`/v1/municipalities/${municipality.municipalityCode}/history`);
  check(JSON.stringify(historyRows) === JSON.stringify(history.map((e) =>
    [e.period, e.regionName, count(e.municipalityWithProfile),
     count(e.municipalityWithoutProfile), count(e.uwvWithProfile),
     count(e.uwvWithoutProfile), count(e.total), e.sourceFile])),
    `${municipality.municipalityName}'s history as the API gives it`);
  await page.screenshot({path: path.join(artefacts, 'dashboard-region.png'),
                         fullPage: true});

  // A new import appears without a reload: the page keeps a mark set now.
  await page.waitForSelector('#live.on');
  await page.evaluate(() => { window.tkpMark = 'before the import'; });
  const before = coverage.length;
  execFileSync(env('TKP_CLI'), ['--server', env('TKP_SERVER'),
    ...JSON.parse(env('TKP_LIVE_IMPORT'))], {stdio: ['ignore', 'ignore', 'inherit']});
  await page.waitForFunction((n) =>
    document.querySelectorAll('#ranking tbody tr').length === n, {}, before + 1);
  const after = await api(`/v1/coverage?period=${latest}`);
  check(JSON.stringify(await rankingRows(page)) === JSON.stringify(after.map((r) =>
    [String(r.rank), r.regionName, r.regionCbsCode, count(r.total),
     count(r.registerSize), share(r.coverage), share(r.profileShare)])),
    'the import is in the ranking, with the API\'s figures');
  check((await page.$$('#map path[fill]')).length === after.length,
        'and coloured on the map');
  check(await page.evaluate(() => window.tkpMark) === 'before the import',
        'without a reload');
  check((await page.$eval('#live', (e) => e.textContent)).includes(latest),
        'the live status names the import');
  await page.screenshot({path: path.join(artefacts, 'dashboard-live.png'),
                         fullPage: true});

  // Another quarter from the picker.
  const periods = [...new Set(publications.map((p) => p.period))].sort();
  if (periods.length > 1) {
    const other = periods[0];
    await page.select('#period', other);
    await page.waitForFunction((p) => document.body.dataset.shown === p, {}, other);
    const otherCoverage = await api(`/v1/coverage?period=${other}`);
    check(JSON.stringify((await rankingRows(page)).map((r) => r[5])) ===
          JSON.stringify(otherCoverage.map((r) => share(r.coverage))),
          `the picker shows ${other}'s figures`);
  }

  // The CSV download is the API's export.
  const csv = await page.evaluate(async (withToken) => {
    const headers = withToken ? {Authorization: `Bearer ${sessionStorage.getItem('tkp-token')}`} : {};
    const link = document.getElementById('download').getAttribute('href');
    return (await fetch(link, {headers})).text();
  }, Boolean(token));
  check(csv.split('\n')[0].startsWith('period'), 'the download link gives the CSV export');
  check(errors.length === 0, `no errors on the page (${errors.join('; ')})`);
} finally {
  await browser.close();
}
if (failures.length) {
  console.error(`${failures.length} check(s) failed:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
