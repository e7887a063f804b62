// Package matcher decides who should meet whom at an event, and says why.
//
// It is a pure library on gonum: no I/O. The caller converts its attendees
// to [Profile] values and builds a [Model] (TF-IDF vectors over this event,
// with text normalised in French and English and mapped through a bilingual
// [Vocabulary]). Then:
//
//   - [Model.Score] and [Model.Rank] score and rank people (previews),
//     [Model.RankAll] gives everyone's top list in one recompute;
//   - an [Index] tracks who is present: [Index.Arrive] scores a newcomer
//     against everyone present in one pass over the newcomer's sketch
//     columns (the present rows are stored column by column), answers it
//     exactly, and says whose top list the newcomer entered, for live
//     pushes (their reasons built on demand, [Notice.Explained]);
//     [Index.ArriveBatch] does the same for a queue of newcomers at once;
//   - [Pairs] makes 1:1 introduction rounds (maximum-weight matching, with
//     [MaxWeightMatching], Edmonds' blossom algorithm, as the exact oracle);
//   - [Groups] makes round tables or teams (affinity or mix).
//
// Every suggestion carries its reasons as data ([Reason]) and as a sentence
// in French or English ([Suggestion.Explain]). People without matchmaking
// consent are never suggested and get no suggestions.
package matcher
