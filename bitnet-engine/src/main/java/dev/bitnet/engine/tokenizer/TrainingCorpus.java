package dev.bitnet.engine.tokenizer;

/**
 * The English prose that {@link SyntheticVocabulary} learns its merges from: written for this project
 * (no third-party text), about five kilobytes, with the usual mix of function words, punctuation,
 * contractions, numbers and line breaks so that the learnt merges look like a real tokenizer's first
 * few thousand.
 *
 * @since 0.1
 */
final class TrainingCorpus {
    private TrainingCorpus() {}

    static final String TEXT = """
            The river town woke before the sun. Bakers pulled the first loaves from their ovens, and the \
            smell of bread drifted over the water while the boatmen untied their ropes. Nobody in the town \
            owned a clock that kept good time, so the day began when the bell at the old mill rang, and it \
            rang whenever the miller remembered to pull the cord.

            On market days the square filled with carts. Farmers brought apples, pears, onions and cabbages; \
            a weaver sold blankets in twelve colours; a tinker mended pots and told stories that grew longer \
            every year. Children ran between the stalls, counting coins they did not have and choosing the \
            sweets they would buy when they were older. "Two for a penny," the sweet seller called, "three \
            for a smile!" It wasn't true, but the children smiled anyway.

            In the spring of 1887 the river flooded. The water rose 4 feet in a single night, then 6, then \
            almost 9 at the bridge. People carried their furniture upstairs and their chickens onto the roofs. \
            The miller's wife rowed from house to house with bread and cheese, and she said afterwards that \
            she had never been so tired or so useful. When the water went down, the town was covered in mud, \
            and it took the whole summer to clean the streets, the cellars and the church.

            A teacher came to the town in the autumn. She was young, she spoke quickly, and she believed that \
            every child could learn to read, write and reckon. Her school had one room, one stove, forty-two \
            benches and a map of the world with half the names worn away. "Where is this?" the children asked, \
            pointing at the empty places. "That's what we'll find out," she answered. They found out a great \
            deal: that the earth turns once a day, that light is faster than sound, that a year has 365 days \
            and a little more, and that the little more is why there are leap years.

            Computers learn language in a way the teacher would have found strange. A program reads millions \
            of sentences and counts which pieces of words appear together. It starts with single letters and \
            joins the most common pairs into longer pieces: t and h become th, th and e become the, and so on, \
            until common words are whole pieces and rare words are built from several. This is called byte \
            pair encoding. The pieces are numbered, and the numbers are what the model really sees.

            A model is a long list of numbers as well. Each layer multiplies a vector by a matrix, adds, \
            normalizes, and passes the result to the next layer. In a ternary model every weight is -1, 0 or \
            +1, which means that the multiplications become additions and subtractions, and the weights fit in \
            two bits each. Memory is the limit on most machines: reading the weights takes longer than the \
            arithmetic, so smaller weights mean faster answers. Careful engineers measure before they change \
            anything, and they measure again afterwards.

            The tinker, who had heard about the computers from a travelling salesman, didn't believe a word \
            of it. "A machine that talks?" he laughed. "I've mended kettles that whistle, and that's the closest \
            I'll ever get." But he kept thinking about it. At night he wrote questions on scraps of paper: What \
            would it say? Would it know the river? Would it know the names of the streets, the bakers, the mill? \
            He wasn't sure whether he hoped it would or hoped it wouldn't.

            Years later, the town had a station, two schools, a library and a bridge made of steel. The mill \
            still stood, though it no longer ground flour; it had become a museum where visitors could pull the \
            cord and ring the bell themselves. Some of them did it at noon, some at midnight, and the town, \
            which had never been particular about time, did not mind at all.

            Here is a short list of things the library's children's room offers: picture books, atlases, puzzles, \
            a tank with three goldfish (named Ada, Alan and Grace), and a reading corner with cushions. It is open \
            from 9:30 to 17:00 on weekdays and from 10:00 to 14:00 on Saturdays. Questions? Ask at the desk, or \
            write to the librarian; she answers every letter, usually within 2 or 3 days.

            What have we learned? That towns change slowly and then quickly; that people help each other when \
            the water rises; that reading opens doors; and that even a machine built from numbers is, in the end, \
            a story people tell about the world they know.
            """;
}
