// Tells which reviews version answered from the HTML of Bookinfo's /productpage: v1 shows no
// stars, v2 black stars, v3 red stars. It matches the rating markup itself (the Tailwind
// `<div class="flex gap-x-1 text-black-500">` of current pages, `<font color="black">` of older
// ones), never the word "star", which also appears in "Start here". Both reviewers on the page
// come from one reviews call, so one page is one version.

export type ReviewsVersion = 'v1' | 'v2' | 'v3' | 'unknown';

// An element coloured text-black-500 / text-red-500 whose first child is an <svg> star: the
// current rating. The error paragraph `<p class="text-red-500">` has no star, so it never matches.
const tailwindRating = /<(?:div|span)\b[^>]*\bclass\s*=\s*["']([^"']*)["'][^>]*>\s*<svg\b/gi;
// Pages before the Tailwind redesign: `<font color="red">` around glyphicon-star spans.
const fontRating = /<font\b[^>]*\bcolor\s*=\s*["']?(black|red)\b["']?[^>]*>\s*(?:<!--[\s\S]*?-->\s*)?<span\b[^>]*\bglyphicon-star/gi;
// v2/v3 say this instead of stars when ratings fail: it is one of them, which one is unknowable.
const ratingsUnavailable = /ratings service is currently unavailable/i;
// Present whenever the reviews call answered (either page generation); absent when it failed.
const reviewsHeading = /<h4\b[^>]*>\s*Book Reviews\s*<\/h4>/i;

function ratingColours(html: string): Set<'black' | 'red'> {
  const colours = new Set<'black' | 'red'>();
  for (const match of html.matchAll(tailwindRating)) {
    const classes = (match[1] ?? '').split(/\s+/);
    if (classes.includes('text-black-500')) colours.add('black');
    if (classes.includes('text-red-500')) colours.add('red');
  }
  for (const match of html.matchAll(fontRating)) {
    colours.add((match[1] ?? '').toLowerCase() === 'red' ? 'red' : 'black');
  }
  return colours;
}

export function classifyReviews(html: string): ReviewsVersion {
  const colours = ratingColours(html);
  // Both colours on one page cannot come from one reviews call: say so rather than guess.
  if (colours.size > 1) return 'unknown';
  if (colours.has('black')) return 'v2';
  if (colours.has('red')) return 'v3';
  if (ratingsUnavailable.test(html)) return 'unknown';
  return reviewsHeading.test(html) ? 'v1' : 'unknown';
}

/** A 2xx page that says a backend failed behind it: how a fault on ratings or reviews shows through the gateway. */
export type PageProblem = 'ratings-unavailable' | 'reviews-unavailable' | 'details-unavailable';

// productpage's own words when a call fails (bookinfo's productpage.py: "Sorry, product reviews are
// currently unavailable for this book."; reviews' "Ratings service is currently unavailable").
const reviewsUnavailable = /Error fetching product reviews|product reviews are currently unavailable/i;
const detailsUnavailable = /Error fetching product details|product details are currently unavailable/i;

/** The first backend failure the page reports, reviews before ratings (no reviews, no ratings either); null when none. */
export function pageProblem(html: string): PageProblem | null {
  if (reviewsUnavailable.test(html)) return 'reviews-unavailable';
  if (ratingsUnavailable.test(html)) return 'ratings-unavailable';
  if (detailsUnavailable.test(html)) return 'details-unavailable';
  return null;
}
