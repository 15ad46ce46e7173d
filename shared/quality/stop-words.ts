/**
 * English words too common to say what a topic is about ("how to choose the best grinder for
 * espresso" is about choose, best, grinder, espresso). Lower case, without apostrophes' endings.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below between both but by ' +
    'can could did do does doing down during each even ever every few for from further get gets got had has have having he her ' +
    'here hers herself him himself his how i if in into is it its itself just like make makes me more most much must my myself ' +
    'no nor not now of off on once one only or other our ours ourselves out over own per same she should so some such than that ' +
    'the their theirs them themselves then there these they this those through to too under until up upon us very via vs was ' +
    'we were what when where whether which while who whom whose why will with within without would you your yours yourself ' +
    'yourselves'
  ).split(' '),
);
